using Npgsql;

namespace SharedCall.IntegrationTests;

/// <summary>The target behind the proxy: plain Npgsql, no knowledge of coalescing.</summary>
public sealed class PostgresProductRepository(NpgsqlDataSource dataSource, TargetCalls calls) : IProductRepository
{
    /// <summary>How long each query holds its connection on the server (the seed's <c>pg_sleep(0.5)</c>).</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(0.5);

    // pg_sleep comes first in the target list, so the server holds the connection before it reads (or fails on) the row.
    private const string SelectProduct =
        "SELECT pg_sleep(@hold), id, name, price, stock FROM products WHERE id = @id";

    // stock - stock is 0 only at run time: the planner cannot fold it, so the error comes after the hold.
    private const string SelectBrokenProduct =
        "SELECT pg_sleep(@hold), id, name, price / (stock - stock), stock FROM products WHERE id = @id";

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
        command.Parameters.AddWithValue("hold", Hold.TotalSeconds);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Product(reader.GetInt32(1), reader.GetString(2), reader.GetDecimal(3), reader.GetInt32(4));
    }
}
