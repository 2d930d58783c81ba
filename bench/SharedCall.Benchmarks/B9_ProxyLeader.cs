using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Interception;

namespace SharedCall.Benchmarks;

/// <summary>
/// B9, proxy leader: <c>[Coalesced]</c> methods returning <c>Task&lt;T&gt;</c>, <c>ValueTask&lt;T&gt;</c> and <c>T</c>,
/// with 0, 1 and 4 arguments, on the leader path (the target completes synchronously, nothing else in flight), against
/// a Castle interceptor that only calls <c>Proceed</c> on the same method (the baseline of each category).
/// </summary>
[Config(typeof(BenchConfig))]
public class B9_ProxyLeader
{
    private const string T0 = "Task<T>, 0 args", T1 = "Task<T>, 1 args", T4 = "Task<T>, 4 args";
    private const string V0 = "ValueTask<T>, 0 args", V1 = "ValueTask<T>, 1 args", V4 = "ValueTask<T>, 4 args";
    private const string S0 = "sync T, 0 args", S1 = "sync T, 1 args", S4 = "sync T, 4 args";
    private static readonly Guid s_tenant = Guid.NewGuid();
    private readonly BenchService _target = new();
    private readonly Coalescer _coalescer = new();
    private IBenchService _noOp = null!, _proxy = null!;

    [GlobalSetup]
    public void Setup() => (_noOp, _proxy) = (NoOpInterceptor.Proxy(new BenchService()), CoalescingProxy.Create<IBenchService>(_target, _coalescer));

    [Benchmark(Baseline = true), BenchmarkCategory(T0)] public Task<int> Task0_NoOp() => _noOp.Task0();
    [Benchmark, BenchmarkCategory(T0)] public Task<int> Task0_Coalesced() => _proxy.Task0();
    [Benchmark(Baseline = true), BenchmarkCategory(T1)] public Task<int> Task1_NoOp() => _noOp.Task1(7);
    [Benchmark, BenchmarkCategory(T1)] public Task<int> Task1_Coalesced() => _proxy.Task1(7);
    [Benchmark(Baseline = true), BenchmarkCategory(T4)] public Task<int> Task4_NoOp() => _noOp.Task4(7, "eu", 3L, s_tenant);
    [Benchmark, BenchmarkCategory(T4)] public Task<int> Task4_Coalesced() => _proxy.Task4(7, "eu", 3L, s_tenant);
    [Benchmark(Baseline = true), BenchmarkCategory(V0)] public ValueTask<int> ValueTask0_NoOp() => _noOp.ValueTask0();
    [Benchmark, BenchmarkCategory(V0)] public ValueTask<int> ValueTask0_Coalesced() => _proxy.ValueTask0();
    [Benchmark(Baseline = true), BenchmarkCategory(V1)] public ValueTask<int> ValueTask1_NoOp() => _noOp.ValueTask1(7);
    [Benchmark, BenchmarkCategory(V1)] public ValueTask<int> ValueTask1_Coalesced() => _proxy.ValueTask1(7);
    [Benchmark(Baseline = true), BenchmarkCategory(V4)] public ValueTask<int> ValueTask4_NoOp() => _noOp.ValueTask4(7, "eu", 3L, s_tenant);
    [Benchmark, BenchmarkCategory(V4)] public ValueTask<int> ValueTask4_Coalesced() => _proxy.ValueTask4(7, "eu", 3L, s_tenant);
    [Benchmark(Baseline = true), BenchmarkCategory(S0)] public int Sync0_NoOp() => _noOp.Sync0();
    [Benchmark, BenchmarkCategory(S0)] public int Sync0_Coalesced() => _proxy.Sync0();
    [Benchmark(Baseline = true), BenchmarkCategory(S1)] public int Sync1_NoOp() => _noOp.Sync1(7);
    [Benchmark, BenchmarkCategory(S1)] public int Sync1_Coalesced() => _proxy.Sync1(7);
    [Benchmark(Baseline = true), BenchmarkCategory(S4)] public int Sync4_NoOp() => _noOp.Sync4(7, "eu", 3L, s_tenant);
    [Benchmark, BenchmarkCategory(S4)] public int Sync4_Coalesced() => _proxy.Sync4(7, "eu", 3L, s_tenant);

    [GlobalCleanup]
    public void Cleanup()
    {
        // Nothing else is in flight, so every call leads its own execution and runs the target once.
        var stats = _coalescer.GetStats();
        Check.Equal(0, stats.Hits, "B9: a call joined another");
        Check.Equal(stats.Misses, _target.Runs, "B9: every call must run the target once");
        Check.Equal(0, _coalescer.InFlightCount, "B9: entries left in flight");
    }
}
