// The opting-out snippet of docs/execution.md, compiled and run outside the SharedCall namespaces.
using SharedCall;
using SharedCall.Interception;
using SharedCall.Interception.Autofac;

namespace ExecutionScopeSnippets.Autofac;

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
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterType<UnitOfWorkReader>().As<IUnitOfWorkReader>().InstancePerLifetimeScope().EnableInterfaceInterceptors(ExecutionScope.Caller);
        await using var container = builder.Build();
        await using var scope = container.BeginLifetimeScope();

        var count = await scope.Resolve<IUnitOfWorkReader>().CountAsync(CancellationToken.None);

        Assert.That((count, container.Resolve<Coalescer>().GetStats().Misses), Is.EqualTo((7, 1L)));
    }
}
