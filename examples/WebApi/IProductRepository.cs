using SharedCall.Interception;

namespace SharedCall.Examples.WebApi;

public sealed record Product(int Id, string Name, decimal Price, int Stock);

/// <summary>The coalesced view of the repository: the attribute is the only coalescing code in this API.</summary>
public interface IProductRepository
{
    [Coalesced]
    Task<Product?> GetProductAsync(int id, CancellationToken cancellationToken = default);
}
