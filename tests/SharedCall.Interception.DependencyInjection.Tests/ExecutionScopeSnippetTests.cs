// The opting-out snippet of docs/execution.md, compiled and run outside the SharedCall namespaces.
using Microsoft.Extensions.DependencyInjection;
using SharedCall;
using SharedCall.Interception;

namespace ExecutionScopeSnippets.MicrosoftDI;

public interface IUnitOfWorkReader
{
    [Coalesced]
    Task<int> CountAsync(CancellationToken cancellationToken);
}

public sealed class UnitOfWorkReader : IUnitOfWorkReader
{
    public Task<int> CountAsync(CancellationToken cancellationToken) => Task.FromResult(7);
}

public class ExecutionScopeSnippetTests
{
    [Test]
    public async Task Opting_out_keeps_the_callers_instance()
    {
        var services = new ServiceCollection();
        services.AddCoalescing();
        services.AddScoped<IUnitOfWorkReader, UnitOfWorkReader>();
        services.Coalesce<IUnitOfWorkReader>(ExecutionScope.Caller);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        var count = await scope.ServiceProvider.GetRequiredService<IUnitOfWorkReader>().CountAsync(CancellationToken.None);

        Assert.That((count, provider.GetRequiredService<Coalescer>().GetStats().Misses), Is.EqualTo((7, 1L)));
    }
}
