using SharedCall.Interception;

namespace SharedCall.IntegrationTests;

/// <summary>The repository as a user writes it: the attribute on the interface is the only coalescing code.</summary>
public interface IProductRepository
{
    /// <summary>Holds a pooled connection for <see cref="PostgresProductRepository.Hold"/>, then selects the product.</summary>
    [Coalesced]
    Task<Product?> GetProductAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>The same query without the attribute: every call reaches the database.</summary>
    Task<Product?> GetProductUncoalescedAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>The same query, but it fails on the server with a division by zero after the hold.</summary>
    [Coalesced]
    Task<Product?> GetBrokenProductAsync(int id, CancellationToken cancellationToken = default);
}
