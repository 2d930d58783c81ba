using Autofac;
using SharedCall.Examples.Reporting;
using SharedCall.Examples.Simulation;
using SharedCall.Interception;

namespace SharedCall.Examples.Scenarios;

public sealed record Product(int Id, string Name, decimal Price);

public interface IProductRepository
{
    [Coalesced]
    Task<Product> GetProductAsync(int id, CancellationToken cancellationToken = default);
}

public sealed class ProductRepository(SimulatedDatabase database) : IProductRepository
{
    public Task<Product> GetProductAsync(int id, CancellationToken cancellationToken = default) =>
        database.QueryAsync(() => new Product(id, $"Product {id}", 19.99m), cancellationToken);
}

/// <summary>100 concurrent identical requests against a database with a 10-connection pool.</summary>
public static class DatabaseLoadScenario
{
    public const string Name = "database-load";

    public static async Task<ScenarioResult> RunAsync(int requests = 100)
    {
        var (without, _) = await RunSideAsync(coalesced: false, requests);
        var (with, rate) = await RunSideAsync(coalesced: true, requests);
        return new ScenarioResult(
            Name,
            $"Database load: {requests} concurrent identical requests",
            "simulated database, 10-connection pool, query latency 50 ms + 10 ms per query active when it starts (shared-call-py's model)",
            "database queries",
            without,
            with,
            rate);
    }

    private static async Task<(RunResult, double)> RunSideAsync(bool coalesced, int requests)
    {
        using var database = new SimulatedDatabase(poolSize: 10, baseLatencyMs: 50, perActiveQueryMs: 10);
        using var container = ScenarioContainer.Build<IProductRepository, ProductRepository>(coalesced, b => b.RegisterInstance(database).ExternallyOwned());
        var repository = container.Resolve<IProductRepository>();

        // One call first, so that JIT and proxy generation are not timed; it is left out of the counts.
        await repository.GetProductAsync(1);
        container.Resolve<Coalescer>().ResetStats();
        var warmUpQueries = database.Queries;

        var result = await LoadRunner.RunAsync(requests, _ => repository.GetProductAsync(42), () => database.Queries - warmUpQueries);
        return (result, ScenarioContainer.CoalescingRate(container));
    }
}
