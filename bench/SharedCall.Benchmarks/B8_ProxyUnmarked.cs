using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception;

namespace SharedCall.Benchmarks;

/// <summary>
/// B8, unmarked proxy method: a method without <c>[Coalesced]</c> on a coalescing proxy, a plain forward to the target,
/// against the direct call through the interface.
/// </summary>
[Config(typeof(BenchConfig))]
public class B8_ProxyUnmarked
{
    private readonly BenchService _target = new();
    private IBenchService _direct = null!, _proxy = null!;
    private long _calls;

    [GlobalSetup]
    public void Setup() => (_direct, _proxy) = (_target, CoalescingProxy.Create<IBenchService>(_target, new Coalescer()));

    [Benchmark(Baseline = true)] public int Direct() => Counted(_direct).Unmarked(1);
    [Benchmark] public int Proxy() => Counted(_proxy).Unmarked(1);

    [GlobalCleanup]
    public void Cleanup() => Check.Equal(_calls, _target.Runs, "B8: every call must reach the target");

    private IBenchService Counted(IBenchService service)
    {
        _calls++;
        return service;
    }
}
