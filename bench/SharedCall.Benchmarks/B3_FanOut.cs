using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Benchmarks.Infrastructure;
using ZiggyCreatures.Caching.Fusion;

namespace SharedCall.Benchmarks;

/// <summary>
/// B3, fan-out: N callers on one key while the work waits on a gate; the gate opens once all have called, then all
/// are awaited. Each category is one N, against the hand-rolled coalescer, HybridCache and FusionCache; figures are
/// per caller (OperationsPerInvoke = N).
/// </summary>
/// <remarks>
/// HybridCache runs with local and distributed caching disabled: pure stampede protection. FusionCache coalesces
/// only through its memory cache (skipping it disables its stampede protection), so its entry is written and
/// removed after each fan-out, and that removal is part of its cost.
/// </remarks>
[Config(typeof(BenchConfig))]
public class B3_FanOut : IDisposable
{
    private const string Key = "user:42";
    private readonly Task[] _tasks = new Task[1024];
    private static readonly HybridCacheEntryOptions s_hybridOptions = new() { Flags = HybridCacheEntryFlags.DisableLocalCache | HybridCacheEntryFlags.DisableDistributedCache };
    private static readonly FusionCacheEntryOptions s_fusionOptions = new() { Duration = TimeSpan.FromMinutes(5) };
    private readonly Coalescer _coalescer = new();
    private readonly HandRolledCoalescer<int> _handRolled = new();
    private readonly FusionCache _fusion = new(new FusionCacheOptions());
    private readonly ServiceProvider _services = new ServiceCollection().AddHybridCache(o => o.DefaultEntryOptions = s_hybridOptions).Services.BuildServiceProvider();
    private HybridCache _hybrid = null!;
    private TaskCompletionSource<int> _gate = null!;
    private Func<CancellationToken, Task<int>> _work = null!;
    private Func<TaskCompletionSource<int>, CancellationToken, Task<int>> _coreWork = null!;
    private Func<TaskCompletionSource<int>, CancellationToken, ValueTask<int>> _hybridWork = null!;
    private Func<FusionCacheFactoryExecutionContext<int>, CancellationToken, Task<int>> _fusionWork = null!;
    private long _fanOuts, _runs;

    [GlobalSetup]
    public void Setup()
    {
        _hybrid = _services.GetRequiredService<HybridCache>();
        _work = _ => Run(_gate);
        _coreWork = (gate, _) => Run(gate);
        _hybridWork = (gate, _) => new ValueTask<int>(Run(gate));
        _fusionWork = (_, _) => Run(_gate);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1), BenchmarkCategory("N=1")] public Task HandRolled_1() => FanOut(1, With.HandRolled);
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")] public Task Core_1() => FanOut(1, With.Core);
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")] public Task Hybrid_1() => FanOut(1, With.Hybrid);
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")] public Task Fusion_1() => FanOut(1, With.Fusion);
    [Benchmark(Baseline = true, OperationsPerInvoke = 8), BenchmarkCategory("N=8")] public Task HandRolled_8() => FanOut(8, With.HandRolled);
    [Benchmark(OperationsPerInvoke = 8), BenchmarkCategory("N=8")] public Task Core_8() => FanOut(8, With.Core);
    [Benchmark(OperationsPerInvoke = 8), BenchmarkCategory("N=8")] public Task Hybrid_8() => FanOut(8, With.Hybrid);
    [Benchmark(OperationsPerInvoke = 8), BenchmarkCategory("N=8")] public Task Fusion_8() => FanOut(8, With.Fusion);
    [Benchmark(Baseline = true, OperationsPerInvoke = 64), BenchmarkCategory("N=64")] public Task HandRolled_64() => FanOut(64, With.HandRolled);
    [Benchmark(OperationsPerInvoke = 64), BenchmarkCategory("N=64")] public Task Core_64() => FanOut(64, With.Core);
    [Benchmark(OperationsPerInvoke = 64), BenchmarkCategory("N=64")] public Task Hybrid_64() => FanOut(64, With.Hybrid);
    [Benchmark(OperationsPerInvoke = 64), BenchmarkCategory("N=64")] public Task Fusion_64() => FanOut(64, With.Fusion);
    [Benchmark(Baseline = true, OperationsPerInvoke = 1024), BenchmarkCategory("N=1024")] public Task HandRolled_1024() => FanOut(1024, With.HandRolled);
    [Benchmark(OperationsPerInvoke = 1024), BenchmarkCategory("N=1024")] public Task Core_1024() => FanOut(1024, With.Core);
    [Benchmark(OperationsPerInvoke = 1024), BenchmarkCategory("N=1024")] public Task Hybrid_1024() => FanOut(1024, With.Hybrid);
    [Benchmark(OperationsPerInvoke = 1024), BenchmarkCategory("N=1024")] public Task Fusion_1024() => FanOut(1024, With.Fusion);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_fanOuts, _runs, "B3: the work must run exactly once per fan-out");
        Check.Equal(0, _coalescer.InFlightCount + _handRolled.Count, "B3: entries left in flight");
        Dispose();
    }

    public void Dispose()
    {
        _services.Dispose();
        _fusion.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task FanOut(int callers, With with)
    {
        _fanOuts++;
        var gate = _gate = new TaskCompletionSource<int>();
        for (var i = 0; i < callers; i++)
        {
            _tasks[i] = with switch
            {
                With.HandRolled => _handRolled.RunAsync(Key, _work),
                With.Core => _coalescer.RunAsync(Key, gate, _coreWork),
                With.Hybrid => _hybrid.GetOrCreateAsync(Key, gate, _hybridWork, s_hybridOptions).AsTask(),
                _ => _fusion.GetOrSetAsync<int>(Key, _fusionWork, default, s_fusionOptions).AsTask(),
            };
        }

        gate.SetResult(42);
        await Task.WhenAll(new ReadOnlySpan<Task>(_tasks, 0, callers));
        Check.AllResults(_tasks, callers, 42);
        if (with == With.Fusion)
        {
            _fusion.Remove(Key);
        }
    }

    private Task<int> Run(TaskCompletionSource<int> gate)
    {
        Interlocked.Increment(ref _runs);
        return gate.Task;
    }

    internal enum With { HandRolled, Core, Hybrid, Fusion }
}
