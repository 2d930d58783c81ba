// README snippet "executions": README.md, "Executions outlive their callers"; docs/execution.md
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Interception;

namespace MyShop;

public interface IStockRepository
{
    // A hung query fails its callers after 5 s; a result is reused for 200 ms after it completes.
    [Coalesced(TimeoutMilliseconds = 5000, ReuseForMilliseconds = 200)]
    Task<int> GetStockAsync(int productId, CancellationToken cancellationToken);
}
// end snippet

// README snippet "executions-registration": docs/execution.md
public static class StockRegistration
{
    public static IServiceCollection AddStock(this IServiceCollection services) => services
        .AddCoalescing()
        .AddScoped<IStockRepository, StockRepository>()
        .Coalesce<IStockRepository>();   // ExecutionScope.Own, the default: each execution gets a scope of its own
}
// end snippet

public sealed class StockRepository : IStockRepository
{
    public Task<int> GetStockAsync(int productId, CancellationToken cancellationToken) => Task.FromResult(productId * 10);
}

public class ExecutionReadmeSnippetTests
{
    [Test]
    public async Task The_executions_snippet_registers_a_coalesced_scoped_repository_with_its_policies()
    {
        // A fake clock, so the 200 ms window cannot run out on a slow machine.
        var services = new ServiceCollection().AddCoalescing(options => options.TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        await using var provider = services.AddStock().BuildServiceProvider(validateScopes: true);
        await using var scope = provider.CreateAsyncScope();
        var repository = scope.ServiceProvider.GetRequiredService<IStockRepository>();

        Assert.That(await repository.GetStockAsync(4, CancellationToken.None), Is.EqualTo(40));
        Assert.That(await repository.GetStockAsync(4, CancellationToken.None), Is.EqualTo(40));
        Assert.That(provider.GetRequiredService<SharedCall.Coalescer>().GetStats(), Is.EqualTo(new SharedCall.CoalescingStats(1, 1, 0, 0)), "the second call reused the first's result");
    }
}
