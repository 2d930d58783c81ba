using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception;

namespace SharedCall.Benchmarks;

/// <summary>
/// B10, proxy join: a call through the proxy that joins an execution in flight (the target's task waits on a gate), against the
/// Castle no-op interceptor calling the same method (which reaches the target every time). The floor, in the same
/// process, is Castle's invocation handed to the core's join under a key that already exists (<see cref="CoreOnlyInterceptor"/>).
/// </summary>
[Config(typeof(BenchConfig))]
public class B10_ProxyJoin
{
    private BenchService _noOpTarget = null!;
    private BenchService _target = null!;
    private IBenchService _noOp = null!;
    private IBenchService _proxy = null!;
    private Coalescer _coalescer = null!;
    private Task<int> _leader = null!;
    private BenchService _floorTarget = null!;
    private IBenchService _floor = null!;
    private Task<int> _floorLeader = null!;
    private long _noOpCalls;

    [GlobalSetup]
    public void Setup()
    {
        _noOpTarget = new BenchService();
        _target = new BenchService();
        _noOp = NoOpInterceptor.Proxy(_noOpTarget);
        _coalescer = new Coalescer();
        _proxy = CoalescingProxy.Create<IBenchService>(_target, _coalescer);
        _leader = _proxy.Pending(7);
        _floorTarget = new BenchService();
        _floor = CoreOnlyInterceptor.ForTasks(_floorTarget, new Coalescer());
        _floorLeader = _floor.Pending(7);
    }

    // Returned as object: the tasks are pending, and BenchmarkDotNet would await a Task.
    [Benchmark(Baseline = true)]
    public object NoOp()
    {
        _noOpCalls++;
        return _noOp.Pending(7);
    }

    [Benchmark] public object Coalesced_Join() => _proxy.Pending(7);

    /// <summary>The floor: Castle's invocation and the core's join, under a key that already exists.</summary>
    [Benchmark] public object Floor_CastlePlusCoreJoin() => _floor.Pending(7);

    [GlobalCleanup]
    public void Cleanup()
    {
        _target.Gate.SetResult(42);
        _noOpTarget.Gate.SetResult(42);
        _floorTarget.Gate.SetResult(42);
        Check.Equal(42, _floorLeader.GetAwaiter().GetResult(), "B10: floor leader result");
        Check.Equal(1, _floorTarget.Runs, "B10: joining floor callers must not reach the target");
        Check.Equal(42, _leader.GetAwaiter().GetResult(), "B10: leader result");
        Check.Equal(1, _target.Runs, "B10: joining callers must not reach the target");
        Check.Equal(_noOpCalls, _noOpTarget.Runs, "B10: every no-op call must reach the target");
        Check.Equal(0, _coalescer.InFlightCount, "B10: entries left in flight");
    }
}
