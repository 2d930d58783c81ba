using Autofac;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception;
using SharedCall.Interception.Autofac;

namespace SharedCall.Benchmarks;

/// <summary>
/// B13, execution scope: what an execution's own scope costs. A scoped service's leader call (a scope per operation,
/// resolve, one coalesced call that completes synchronously, so every call leads), from Microsoft DI and from Autofac,
/// with the default <see cref="ExecutionScope.Own"/> (the leader opens a scope, resolves a fresh target and disposes the
/// scope) against <see cref="ExecutionScope.Caller"/> (the leader runs on the instance it resolved). Joined callers
/// never open a scope, so only leaders pay this.
/// </summary>
[Config(typeof(BenchConfig))]
public class B13_ExecutionScope : IDisposable
{
    private const string MsScoped = "MS DI, scoped leader", AfScoped = "Autofac, scoped leader";
    private readonly ServiceProvider _msCaller = MsDi(ExecutionScope.Caller), _msOwn = MsDi(ExecutionScope.Own);
    private readonly IContainer _afCaller = Autofac(ExecutionScope.Caller), _afOwn = Autofac(ExecutionScope.Own);

    [Benchmark(Baseline = true), BenchmarkCategory(MsScoped)] public Task<int> MsDi_CallerScope() => Lead(_msCaller);
    [Benchmark, BenchmarkCategory(MsScoped)] public Task<int> MsDi_OwnScope() => Lead(_msOwn);
    [Benchmark(Baseline = true), BenchmarkCategory(AfScoped)] public Task<int> Autofac_CallerScope() => Lead(_afCaller);
    [Benchmark, BenchmarkCategory(AfScoped)] public Task<int> Autofac_OwnScope() => Lead(_afOwn);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(0, _msOwn.GetRequiredService<Coalescer>().GetStats().Errors, "B13: MS DI executions failed");
        Check.Equal(0, _afOwn.Resolve<Coalescer>().GetStats().Errors, "B13: Autofac executions failed");
        Dispose();
    }

    public void Dispose()
    {
        _msCaller.Dispose();
        _msOwn.Dispose();
        _afCaller.Dispose();
        _afOwn.Dispose();
        GC.SuppressFinalize(this);
    }

    private static Task<int> Lead(ServiceProvider provider)
    {
        using var scope = provider.CreateScope();
        return scope.ServiceProvider.GetRequiredService<IBenchService>().Task1(42);
    }

    private static Task<int> Lead(IContainer container)
    {
        using var scope = container.BeginLifetimeScope();
        return scope.Resolve<IBenchService>().Task1(42);
    }

    private static ServiceProvider MsDi(ExecutionScope executionScope) =>
        new ServiceCollection().AddCoalescing().AddScoped<IBenchService, BenchService>().Coalesce<IBenchService>(executionScope).BuildServiceProvider();

    private static IContainer Autofac(ExecutionScope executionScope)
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterType<BenchService>().As<IBenchService>().InstancePerLifetimeScope().EnableInterfaceInterceptors(executionScope);
        return builder.Build();
    }
}
