using Npgsql;

namespace SharedCall.Examples.WebApi;

/// <summary>
/// Plain Npgsql, as shared-call-py's asyncpg repository: each query holds a pooled connection on the server for the
/// <see cref="QueryDelay"/> (<c>pg_sleep</c>, 0.5 s by default) and then selects the product, in one statement.
/// </summary>
public sealed class ProductRepository(NpgsqlDataSource dataSource, QueryCounter counter, QueryDelay delay) : IProductRepository
{
    private const string SelectProduct = "SELECT pg_sleep(@delay), id, name, price, stock FROM products WHERE id = @id";

    public async Task<Product?> GetProductAsync(int id, CancellationToken cancellationToken = default)
    {
        counter.Increment();
        await using var command = dataSource.CreateCommand(SelectProduct);
        command.Parameters.AddWithValue("delay", delay.Duration.TotalSeconds);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Product(reader.GetInt32(1), reader.GetString(2), reader.GetDecimal(3), reader.GetInt32(4))
            : null;
    }
}

/// <summary>Counts the queries the repository sent (the server's own count is in pg_stat_statements).</summary>
public sealed class QueryCounter
{
    private long _queries;

    public long Queries => Interlocked.Read(ref _queries);

    public void Increment() => Interlocked.Increment(ref _queries);
}

/// <summary>How long each query holds its connection on the server: the slow query every burst waits for.</summary>
public sealed record QueryDelay(TimeSpan Duration);
