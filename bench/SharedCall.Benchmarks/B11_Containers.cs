using Autofac;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception.Autofac;

namespace SharedCall.Benchmarks;

/// <summary>
/// B11: resolve the service and call it, from Microsoft DI and from Autofac, singleton and scoped (a scope per
/// operation), proxied for coalescing against the same registration unproxied. The call is the unmarked method, a
/// plain forward, so the difference is what the proxy adds to resolving.
/// </summary>
[MedianAcrossProcesses]
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
public class B11_Containers : IDisposable
{
    private ServiceProvider _msSingletonPlain = null!;
    private ServiceProvider _msSingletonProxied = null!;
    private ServiceProvider _msScopedPlain = null!;
    private ServiceProvider _msScopedProxied = null!;
    private ServiceProvider _msScopedFloor = null!;
    private ServiceProvider _msSingletonFloor = null!;
    private ServiceProvider _msSingletonCastle = null!;
    private IContainer _afSingletonPlain = null!;
    private IContainer _afSingletonProxied = null!;
    private IContainer _afScopedPlain = null!;
    private IContainer _afScopedProxied = null!;
    private long _calls;

    [GlobalSetup]
    public void Setup()
    {
        _msSingletonPlain = MsDi(scoped: false, proxied: false);
        _msSingletonProxied = MsDi(scoped: false, proxied: true);
        _msScopedPlain = MsDi(scoped: true, proxied: false);
        _msScopedProxied = MsDi(scoped: true, proxied: true);
        _msScopedFloor = MsDiKeyedDecorator(scoped: true, inner => new ForwardingBenchService(inner));
        _msSingletonFloor = MsDiKeyedDecorator(scoped: false, inner => new ForwardingBenchService(inner));
        _msSingletonCastle = MsDiKeyedDecorator(scoped: false, NoOpInterceptor.Forwarder);
        _afSingletonPlain = Autofac(scoped: false, proxied: false);
        _afSingletonProxied = Autofac(scoped: false, proxied: true);
        _afScopedPlain = Autofac(scoped: true, proxied: false);
        _afScopedProxied = Autofac(scoped: true, proxied: true);
        BenchService.UnmarkedCalls = 0;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("MS DI, singleton")]
    public int MsDi_Singleton_Plain() => Call(_msSingletonPlain.GetRequiredService<IBenchService>());

    [Benchmark, BenchmarkCategory("MS DI, singleton")]
    public int MsDi_Singleton_Proxied() => Call(_msSingletonProxied.GetRequiredService<IBenchService>());

    // The floor of decorating a singleton with MS DI: the target under a key and a singleton factory that wraps it in a
    // hand-written decorator; after the first resolve both are one cached lookup, and the call goes through two objects.
    [Benchmark, BenchmarkCategory("MS DI, singleton")]
    public int MsDi_Singleton_FloorKeyedDecorator() => Call(_msSingletonFloor.GetRequiredService<IBenchService>());

    // The floor of decorating a singleton with any Castle proxy: registered as above, but the decorator is a Castle
    // interface proxy that intercepts nothing, so the unmarked call is Castle's generated forward, as in ours.
    [Benchmark, BenchmarkCategory("MS DI, singleton")]
    public int MsDi_Singleton_FloorCastleForward() => Call(_msSingletonCastle.GetRequiredService<IBenchService>());

    [Benchmark(Baseline = true), BenchmarkCategory("MS DI, scoped")]
    public int MsDi_Scoped_Plain()
    {
        using var scope = _msScopedPlain.CreateScope();
        return Call(scope.ServiceProvider.GetRequiredService<IBenchService>());
    }

    [Benchmark, BenchmarkCategory("MS DI, scoped")]
    public int MsDi_Scoped_Proxied()
    {
        using var scope = _msScopedProxied.CreateScope();
        return Call(scope.ServiceProvider.GetRequiredService<IBenchService>());
    }

    // The floor of decorating a scoped service while the container still owns (and disposes) the target: the
    // target moved under a key (transient: only the scoped decorator resolves it, once per scope) and a scoped
    // factory that resolves it and wraps it, with a hand-written decorator.
    [Benchmark, BenchmarkCategory("MS DI, scoped")]
    public int MsDi_Scoped_FloorKeyedDecorator()
    {
        using var scope = _msScopedFloor.CreateScope();
        return Call(scope.ServiceProvider.GetRequiredService<IBenchService>());
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Autofac, singleton")]
    public int Autofac_Singleton_Plain() => Call(_afSingletonPlain.Resolve<IBenchService>());

    [Benchmark, BenchmarkCategory("Autofac, singleton")]
    public int Autofac_Singleton_Proxied() => Call(_afSingletonProxied.Resolve<IBenchService>());

    [Benchmark(Baseline = true), BenchmarkCategory("Autofac, scoped")]
    public int Autofac_Scoped_Plain()
    {
        using var scope = _afScopedPlain.BeginLifetimeScope();
        return Call(scope.Resolve<IBenchService>());
    }

    [Benchmark, BenchmarkCategory("Autofac, scoped")]
    public int Autofac_Scoped_Proxied()
    {
        using var scope = _afScopedProxied.BeginLifetimeScope();
        return Call(scope.Resolve<IBenchService>());
    }

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
        _msSingletonPlain?.Dispose();
        _msSingletonProxied?.Dispose();
        _msScopedPlain?.Dispose();
        _msScopedProxied?.Dispose();
        _msScopedFloor?.Dispose();
        _msSingletonFloor?.Dispose();
        _msSingletonCastle?.Dispose();
        _afSingletonPlain?.Dispose();
        _afSingletonProxied?.Dispose();
        _afScopedPlain?.Dispose();
        _afScopedProxied?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static ServiceProvider MsDi(bool scoped, bool proxied)
    {
        var services = new ServiceCollection();
        if (scoped)
        {
            services.AddScoped<IBenchService, BenchService>();
        }
        else
        {
            services.AddSingleton<IBenchService, BenchService>();
        }

        if (proxied)
        {
            services.AddCoalescing().Coalesce<IBenchService>();
        }

        return services.BuildServiceProvider();
    }

    // The target under a key (transient when scoped: only the scoped decorator resolves it, once per scope) and a
    // factory of the service's lifetime that resolves it and wraps it with decorate.
    private static ServiceProvider MsDiKeyedDecorator(bool scoped, Func<IBenchService, IBenchService> decorate)
    {
        var inner = new object();
        IServiceCollection services = new ServiceCollection();
        services.Add(new ServiceDescriptor(typeof(IBenchService), inner, typeof(BenchService), scoped ? ServiceLifetime.Transient : ServiceLifetime.Singleton));
        services.Add(new ServiceDescriptor(
            typeof(IBenchService),
            provider => decorate(provider.GetRequiredKeyedService<IBenchService>(inner)),
            scoped ? ServiceLifetime.Scoped : ServiceLifetime.Singleton));
        return services.BuildServiceProvider();
    }

    private static IContainer Autofac(bool scoped, bool proxied)
    {
        var builder = new ContainerBuilder();
        var registration = builder.RegisterType<BenchService>().As<IBenchService>();
        if (scoped)
        {
            registration.InstancePerLifetimeScope();
        }
        else
        {
            registration.SingleInstance();
        }

        if (proxied)
        {
            registration.EnableInterfaceInterceptors();
            builder.RegisterCoalescing();
        }

        return builder.Build();
    }

    private int Call(IBenchService service)
    {
        _calls++;
        return service.Unmarked(1);
    }
}
