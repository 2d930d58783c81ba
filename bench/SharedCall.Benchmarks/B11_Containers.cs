using Autofac;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception.Autofac;

namespace SharedCall.Benchmarks;

/// <summary>
/// B11, containers: resolve the service and call it, from Microsoft DI and from Autofac, singleton and scoped (a scope
/// per operation), proxied for coalescing against the same registration unproxied (the baseline of each category). The
/// call is the unmarked method, a plain forward, so the difference is what the proxy adds to resolving.
/// </summary>
/// <remarks>
/// The floors decorate the target the way <c>Coalesce&lt;T&gt;()</c> does, without coalescing: the target moved under a
/// key (transient when scoped: only the decorator resolves it, once per scope) and a factory of the service's lifetime
/// that wraps it, in a hand-written decorator or in a Castle proxy that intercepts nothing.
/// </remarks>
[Config(typeof(BenchConfig))]
public class B11_Containers : IDisposable
{
    private const string MsSingleton = "MS DI, singleton", MsScoped = "MS DI, scoped";
    private const string AfSingleton = "Autofac, singleton", AfScoped = "Autofac, scoped";
    private readonly List<IDisposable> _containers = [];
    private IServiceProvider _msSingletonPlain = null!, _msSingletonProxied = null!, _msSingletonFloor = null!, _msSingletonCastle = null!;
    private IServiceProvider _msScopedPlain = null!, _msScopedProxied = null!, _msScopedFloor = null!;
    private ILifetimeScope _afSingletonPlain = null!, _afSingletonProxied = null!, _afScopedPlain = null!, _afScopedProxied = null!;
    private long _calls;

    [GlobalSetup]
    public void Setup()
    {
        _msSingletonPlain = MsDi(scoped: false, proxied: false);
        _msSingletonProxied = MsDi(scoped: false, proxied: true);
        _msSingletonFloor = MsDiDecorated(scoped: false, inner => new ForwardingBenchService(inner));
        _msSingletonCastle = MsDiDecorated(scoped: false, NoOpInterceptor.Forwarder);
        _msScopedPlain = MsDi(scoped: true, proxied: false);
        _msScopedProxied = MsDi(scoped: true, proxied: true);
        _msScopedFloor = MsDiDecorated(scoped: true, inner => new ForwardingBenchService(inner));
        _afSingletonPlain = Autofac(scoped: false, proxied: false);
        _afSingletonProxied = Autofac(scoped: false, proxied: true);
        _afScopedPlain = Autofac(scoped: true, proxied: false);
        _afScopedProxied = Autofac(scoped: true, proxied: true);
        BenchService.UnmarkedCalls = 0;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(MsSingleton)] public int MsDi_Singleton_Plain() => Call(_msSingletonPlain);
    [Benchmark, BenchmarkCategory(MsSingleton)] public int MsDi_Singleton_Proxied() => Call(_msSingletonProxied);
    [Benchmark, BenchmarkCategory(MsSingleton)] public int MsDi_Singleton_FloorKeyedDecorator() => Call(_msSingletonFloor);
    [Benchmark, BenchmarkCategory(MsSingleton)] public int MsDi_Singleton_FloorCastleForward() => Call(_msSingletonCastle);
    [Benchmark(Baseline = true), BenchmarkCategory(MsScoped)] public int MsDi_Scoped_Plain() => CallInScope(_msScopedPlain);
    [Benchmark, BenchmarkCategory(MsScoped)] public int MsDi_Scoped_Proxied() => CallInScope(_msScopedProxied);
    [Benchmark, BenchmarkCategory(MsScoped)] public int MsDi_Scoped_FloorKeyedDecorator() => CallInScope(_msScopedFloor);
    [Benchmark(Baseline = true), BenchmarkCategory(AfSingleton)] public int Autofac_Singleton_Plain() => Call(_afSingletonPlain.Resolve<IBenchService>());
    [Benchmark, BenchmarkCategory(AfSingleton)] public int Autofac_Singleton_Proxied() => Call(_afSingletonProxied.Resolve<IBenchService>());
    [Benchmark(Baseline = true), BenchmarkCategory(AfScoped)] public int Autofac_Scoped_Plain() => CallInScope(_afScopedPlain);
    [Benchmark, BenchmarkCategory(AfScoped)] public int Autofac_Scoped_Proxied() => CallInScope(_afScopedProxied);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_calls, BenchService.UnmarkedCalls, "B11: every call must reach a target");
        Check.That(_msSingletonProxied.GetRequiredService<IBenchService>() is not BenchService, "B11: MS DI must hand out the proxy");
        Check.That(_afSingletonProxied.Resolve<IBenchService>() is not BenchService, "B11: Autofac must hand out the proxy");
        Dispose();
    }

    public void Dispose()
    {
        _containers.ForEach(container => container.Dispose());
        _containers.Clear();
        GC.SuppressFinalize(this);
    }

    private ServiceProvider MsDi(bool scoped, bool proxied)
    {
        var services = scoped ? new ServiceCollection().AddScoped<IBenchService, BenchService>() : new ServiceCollection().AddSingleton<IBenchService, BenchService>();
        return Keep((proxied ? services.AddCoalescing().Coalesce<IBenchService>() : services).BuildServiceProvider());
    }

    private ServiceProvider MsDiDecorated(bool scoped, Func<IBenchService, IBenchService> decorate)
    {
        var inner = new object();
        IServiceCollection services = new ServiceCollection();
        services.Add(new ServiceDescriptor(typeof(IBenchService), inner, typeof(BenchService), scoped ? ServiceLifetime.Transient : ServiceLifetime.Singleton));
        services.Add(new ServiceDescriptor(
            typeof(IBenchService),
            provider => decorate(provider.GetRequiredKeyedService<IBenchService>(inner)),
            scoped ? ServiceLifetime.Scoped : ServiceLifetime.Singleton));
        return Keep(services.BuildServiceProvider());
    }

    private IContainer Autofac(bool scoped, bool proxied)
    {
        var builder = new ContainerBuilder();
        var registration = builder.RegisterType<BenchService>().As<IBenchService>();
        _ = scoped ? registration.InstancePerLifetimeScope() : registration.SingleInstance();
        if (proxied)
        {
            registration.EnableInterfaceInterceptors();
            builder.RegisterCoalescing();
        }

        return Keep(builder.Build());
    }

    private T Keep<T>(T container)
        where T : IDisposable
    {
        _containers.Add(container);
        return container;
    }

    private int Call(IServiceProvider provider) => Call(provider.GetRequiredService<IBenchService>());

    private int CallInScope(IServiceProvider provider)
    {
        using var scope = provider.CreateScope();
        return Call(scope.ServiceProvider.GetRequiredService<IBenchService>());
    }

    private int CallInScope(ILifetimeScope container)
    {
        using var scope = container.BeginLifetimeScope();
        return Call(scope.Resolve<IBenchService>());
    }

    private int Call(IBenchService service)
    {
        _calls++;
        return service.Unmarked(1);
    }
}
