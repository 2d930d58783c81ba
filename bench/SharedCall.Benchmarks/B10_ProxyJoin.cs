using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception;

namespace SharedCall.Benchmarks;

/// <summary>
/// B10, proxy join: a call through the proxy that joins an execution in flight (the target's task waits on a gate),
/// against the Castle no-op interceptor calling the same method (which reaches the target every time).
/// </summary>
/// <remarks>Each benchmark returns the pending task as an object: BenchmarkDotNet would await a <c>Task</c>.</remarks>
[Config(typeof(BenchConfig))]
public class B10_ProxyJoin
{
    private readonly BenchService _noOpTarget = new(), _target = new();
    private readonly Coalescer _coalescer = new();
    private IBenchService _noOp = null!, _proxy = null!;
    private Task<int> _leader = null!;
    private long _noOpCalls;

    [GlobalSetup]
    public void Setup()
    {
        _noOp = NoOpInterceptor.Proxy(_noOpTarget);
        _leader = (_proxy = CoalescingProxy.Create<IBenchService>(_target, _coalescer)).Pending(7);
    }

    [Benchmark(Baseline = true)]
    public object NoOp()
    {
        _noOpCalls++;
        return _noOp.Pending(7);
    }

    [Benchmark] public object Coalesced_Join() => _proxy.Pending(7);

    [GlobalCleanup]
    public void Cleanup()
    {
        _target.Gate.SetResult(42);
        _noOpTarget.Gate.SetResult(42);
        Check.Equal(42, _leader.Result, "B10: leader result");
        Check.Equal(1, _target.Runs, "B10: joining callers must not reach the target");
        Check.Equal(_noOpCalls, _noOpTarget.Runs, "B10: every no-op call must reach the target");
        Check.Equal(0, _coalescer.InFlightCount, "B10: entries left in flight");
    }
}
