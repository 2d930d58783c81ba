using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception;

namespace SharedCall.Benchmarks;

/// <summary>B8, unmarked proxy method: an unmarked method on a coalescing proxy: a plain forward to the target.</summary>
[Config(typeof(BenchConfig))]
public class B8_ProxyUnmarked
{
    private BenchService _target = null!;
#pragma warning disable CA1859 // The direct and decorator calls go through the interface, as callers of the proxy do.
    private IBenchService _direct = null!;
    private IBenchService _decorator = null!;
#pragma warning restore CA1859
    private IBenchService _proxy = null!;
    private long _calls;

    [GlobalSetup]
    public void Setup()
    {
        _target = new BenchService();
        _direct = _target;
        _proxy = CoalescingProxy.Create<IBenchService>(_target, new Coalescer());
        _decorator = new ForwardingBenchService(_target);
    }

    [Benchmark(Baseline = true)]
    public int Direct()
    {
        _calls++;
        return _direct.Unmarked(1);
    }

    [Benchmark]
    public int Proxy()
    {
        _calls++;
        return _proxy.Unmarked(1);
    }

    // The floor of any wrapper: a hand-written decorator whose method is one interface call to the target, the least
    // a proxy's forward can be.
    [Benchmark]
    public int Floor_HandWrittenDecorator()
    {
        _calls++;
        return _decorator.Unmarked(1);
    }

    [GlobalCleanup]
    public void Cleanup() => Check.Equal(_calls, _target.Runs, "B8: every call must reach the target");
}
