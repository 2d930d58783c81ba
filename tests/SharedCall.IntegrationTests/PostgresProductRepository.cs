using Npgsql;

namespace SharedCall.IntegrationTests;

/// <summary>The target behind the proxy: plain Npgsql, no knowledge of coalescing.</summary>
public sealed class PostgresProductRepository(NpgsqlDataSource dataSource, TargetCalls calls) : IProductRepository
{
    /// <summary>How long each query holds its connection on the server (<c>pg_sleep(0.5)</c>, as in a slow query).</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(0.5);

    /// <summary>The advisory lock every query takes shared first: a test that holds it exclusively holds every query
    /// on the server, a gate that makes "all callers joined before the query ended" certain instead of likely.</summary>
    public const long GateLock = 5_000_042;

    // The target list runs left to right: the gate, then the hold, then the row is read (or fails).
    private const string SelectProduct =
        "SELECT pg_advisory_xact_lock_shared(@gate), pg_sleep(@hold), id, name, price, stock FROM products WHERE id = @id";

    // stock - stock is 0 only at run time: the planner cannot fold it, so the error comes after the hold.
    private const string SelectBrokenProduct =
        "SELECT pg_advisory_xact_lock_shared(@gate), pg_sleep(@hold), id, name, price / (stock - stock), stock FROM products WHERE id = @id";

    public Task<Product?> GetProductAsync(int id, CancellationToken cancellationToken = default)
    {
        calls.Record(nameof(GetProductAsync));
        return QueryAsync(SelectProduct, id, cancellationToken);
    }

    public Task<Product?> GetProductUncoalescedAsync(int id, CancellationToken cancellationToken = default)
    {
        calls.Record(nameof(GetProductUncoalescedAsync));
        return QueryAsync(SelectProduct, id, cancellationToken);
    }

    public Task<Product?> GetBrokenProductAsync(int id, CancellationToken cancellationToken = default)
    {
        calls.Record(nameof(GetBrokenProductAsync));
        return QueryAsync(SelectBrokenProduct, id, cancellationToken);
    }

    private async Task<Product?> QueryAsync(string sql, int id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("gate", GateLock);
        command.Parameters.AddWithValue("hold", Hold.TotalSeconds);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Product(reader.GetInt32(2), reader.GetString(3), reader.GetDecimal(4), reader.GetInt32(5));
    }
}
