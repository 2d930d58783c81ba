using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception;

namespace SharedCall.Benchmarks;

/// <summary>
/// B9: <c>[Coalesced]</c> methods returning <c>Task&lt;T&gt;</c>, <c>ValueTask&lt;T&gt;</c> and <c>T</c>, with 0, 1 and 4
/// arguments, on the leader path (the target completes synchronously, nothing else in flight), against a Castle
/// interceptor that only calls <c>Proceed</c> on the same method. The floor of each shape is measured in the same
/// process: Castle's invocation handed to the core under a key that already exists (<see cref="CoreOnlyInterceptor"/>).
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
[MedianAcrossProcesses]
public class B9_ProxyLeader
{
    private static readonly Guid s_tenant = Guid.NewGuid();
    private BenchService _noOpTarget = null!;
    private BenchService _target = null!;
    private IBenchService _noOp = null!;
    private IBenchService _proxy = null!;
    private Coalescer _coalescer = null!;
    private BenchService _floorTarget = null!;
    private IBenchService _taskFloor = null!;
    private IBenchService _valueFloor = null!;
    private IBenchService _valueTaskFloor = null!;
    private Coalescer _floorCoalescer = null!;
    private long _noOpCalls;
    private long _coalescedCalls;
    private long _floorCalls;

    [GlobalSetup]
    public void Setup()
    {
        _noOpTarget = new BenchService();
        _target = new BenchService();
        _noOp = NoOpInterceptor.Proxy(_noOpTarget);
        _coalescer = new Coalescer();
        _proxy = CoalescingProxy.Create<IBenchService>(_target, _coalescer);
        _floorTarget = new BenchService();
        _floorCoalescer = new Coalescer();
        _taskFloor = CoreOnlyInterceptor.ForTasks(_floorTarget, _floorCoalescer);
        _valueFloor = CoreOnlyInterceptor.ForValues(_floorTarget, _floorCoalescer);
        _valueTaskFloor = CoreOnlyInterceptor.ForValueTasks(_floorTarget, _floorCoalescer);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Task<T>, 0 args")]
    public Task<int> Task0_NoOp()
    {
        _noOpCalls++;
        return _noOp.Task0();
    }

    [Benchmark, BenchmarkCategory("Task<T>, 0 args")]
    public Task<int> Task0_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.Task0();
    }

    [Benchmark, BenchmarkCategory("Task<T>, 0 args")]
    public Task<int> Task0_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _taskFloor.Task0();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Task<T>, 1 args")]
    public Task<int> Task1_NoOp()
    {
        _noOpCalls++;
        return _noOp.Task1(7);
    }

    [Benchmark, BenchmarkCategory("Task<T>, 1 args")]
    public Task<int> Task1_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.Task1(7);
    }

    [Benchmark, BenchmarkCategory("Task<T>, 1 args")]
    public Task<int> Task1_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _taskFloor.Task1(7);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Task<T>, 4 args")]
    public Task<int> Task4_NoOp()
    {
        _noOpCalls++;
        return _noOp.Task4(7, "eu", 3L, s_tenant);
    }

    [Benchmark, BenchmarkCategory("Task<T>, 4 args")]
    public Task<int> Task4_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.Task4(7, "eu", 3L, s_tenant);
    }

    [Benchmark, BenchmarkCategory("Task<T>, 4 args")]
    public Task<int> Task4_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _taskFloor.Task4(7, "eu", 3L, s_tenant);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ValueTask<T>, 0 args")]
    public ValueTask<int> ValueTask0_NoOp()
    {
        _noOpCalls++;
        return _noOp.ValueTask0();
    }

    [Benchmark, BenchmarkCategory("ValueTask<T>, 0 args")]
    public ValueTask<int> ValueTask0_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.ValueTask0();
    }

    [Benchmark, BenchmarkCategory("ValueTask<T>, 0 args")]
    public ValueTask<int> ValueTask0_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _valueTaskFloor.ValueTask0();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ValueTask<T>, 1 args")]
    public ValueTask<int> ValueTask1_NoOp()
    {
        _noOpCalls++;
        return _noOp.ValueTask1(7);
    }

    [Benchmark, BenchmarkCategory("ValueTask<T>, 1 args")]
    public ValueTask<int> ValueTask1_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.ValueTask1(7);
    }

    [Benchmark, BenchmarkCategory("ValueTask<T>, 1 args")]
    public ValueTask<int> ValueTask1_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _valueTaskFloor.ValueTask1(7);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ValueTask<T>, 4 args")]
    public ValueTask<int> ValueTask4_NoOp()
    {
        _noOpCalls++;
        return _noOp.ValueTask4(7, "eu", 3L, s_tenant);
    }

    [Benchmark, BenchmarkCategory("ValueTask<T>, 4 args")]
    public ValueTask<int> ValueTask4_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.ValueTask4(7, "eu", 3L, s_tenant);
    }

    [Benchmark, BenchmarkCategory("ValueTask<T>, 4 args")]
    public ValueTask<int> ValueTask4_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _valueTaskFloor.ValueTask4(7, "eu", 3L, s_tenant);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("sync T, 0 args")]
    public int Sync0_NoOp()
    {
        _noOpCalls++;
        return _noOp.Sync0();
    }

    [Benchmark, BenchmarkCategory("sync T, 0 args")]
    public int Sync0_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.Sync0();
    }

    [Benchmark, BenchmarkCategory("sync T, 0 args")]
    public int Sync0_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _valueFloor.Sync0();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("sync T, 1 args")]
    public int Sync1_NoOp()
    {
        _noOpCalls++;
        return _noOp.Sync1(7);
    }

    [Benchmark, BenchmarkCategory("sync T, 1 args")]
    public int Sync1_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.Sync1(7);
    }

    [Benchmark, BenchmarkCategory("sync T, 1 args")]
    public int Sync1_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _valueFloor.Sync1(7);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("sync T, 4 args")]
    public int Sync4_NoOp()
    {
        _noOpCalls++;
        return _noOp.Sync4(7, "eu", 3L, s_tenant);
    }

    [Benchmark, BenchmarkCategory("sync T, 4 args")]
    public int Sync4_Coalesced()
    {
        _coalescedCalls++;
        return _proxy.Sync4(7, "eu", 3L, s_tenant);
    }

    [Benchmark, BenchmarkCategory("sync T, 4 args")]
    public int Sync4_Floor_CastlePlusCore()
    {
        _floorCalls++;
        return _valueFloor.Sync4(7, "eu", 3L, s_tenant);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_noOpCalls, _noOpTarget.Runs, "B9: every no-op call must reach the target");
        Check.Equal(_coalescedCalls, _target.Runs, "B9: every leader call must run the target once");
        Check.Equal(_floorCalls, _floorTarget.Runs, "B9: every floor call must run the target once");
        Check.Equal(0, _floorCoalescer.InFlightCount, "B9: floor entries left in flight");
        Check.Equal(0, _coalescer.InFlightCount, "B9: entries left in flight");
    }
}
