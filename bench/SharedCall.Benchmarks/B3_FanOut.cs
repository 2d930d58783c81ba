using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Benchmarks.Infrastructure;
using ZiggyCreatures.Caching.Fusion;

namespace SharedCall.Benchmarks;

/// <summary>
/// B3: N callers on one key while the work waits on a gate; the gate opens once all have called, then all are awaited.
/// Each category is one N; figures are per caller (OperationsPerInvoke = N).
/// </summary>
/// <remarks>
/// HybridCache runs with local and distributed caching disabled: pure stampede protection. FusionCache coalesces
/// only through its memory cache (skipping it disables its stampede protection), so its entry is written and
/// removed after each fan-out, and that removal is part of its cost.
/// </remarks>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
public class B3_FanOut : IDisposable
{
    private const string Key = "user:42";
    private readonly Task[] _tasks = new Task[1024];
    private Coalescer _coalescer = null!;
    private HandRolledCoalescer<int> _handRolled = null!;
    private ServiceProvider _services = null!;
    private HybridCache _hybrid = null!;
    private HybridCacheEntryOptions _hybridOptions = null!;
    private FusionCache _fusion = null!;
    private FusionCacheEntryOptions _fusionOptions = null!;
    private TaskCompletionSource<int> _gate = null!;
    private Func<CancellationToken, Task<int>> _work = null!;
    private Func<TaskCompletionSource<int>, CancellationToken, Task<int>> _coreWork = null!;
    private Func<TaskCompletionSource<int>, CancellationToken, ValueTask<int>> _hybridWork = null!;
    private Func<FusionCacheFactoryExecutionContext<int>, CancellationToken, Task<int>> _fusionWork = null!;
    private long _fanOuts;
    private long _runs;

    [GlobalSetup]
    public void Setup()
    {
        _coalescer = new Coalescer();
        _handRolled = new HandRolledCoalescer<int>();
        _hybridOptions = new HybridCacheEntryOptions
        {
            Flags = HybridCacheEntryFlags.DisableLocalCache | HybridCacheEntryFlags.DisableDistributedCache,
        };
        _services = new ServiceCollection()
            .AddHybridCache(options => options.DefaultEntryOptions = _hybridOptions)
            .Services.BuildServiceProvider();
        _hybrid = _services.GetRequiredService<HybridCache>();
        _fusion = new FusionCache(new FusionCacheOptions());
        _fusionOptions = new FusionCacheEntryOptions { Duration = TimeSpan.FromMinutes(5) };
        _work = _ => Run(_gate);
        _coreWork = (gate, _) => Run(gate);
        _hybridWork = (gate, _) => new ValueTask<int>(Run(gate));
        _fusionWork = (_, _) => Run(_gate);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public Task HandRolled_1() => HandRolled(1);

    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public Task Core_1() => Core(1);

    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public Task Hybrid_1() => Hybrid(1);

    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public Task Fusion_1() => Fusion(1);

    [Benchmark(Baseline = true, OperationsPerInvoke = 8), BenchmarkCategory("N=8")]
    public Task HandRolled_8() => HandRolled(8);

    [Benchmark(OperationsPerInvoke = 8), BenchmarkCategory("N=8")]
    public Task Core_8() => Core(8);

    [Benchmark(OperationsPerInvoke = 8), BenchmarkCategory("N=8")]
    public Task Hybrid_8() => Hybrid(8);

    [Benchmark(OperationsPerInvoke = 8), BenchmarkCategory("N=8")]
    public Task Fusion_8() => Fusion(8);

    [Benchmark(Baseline = true, OperationsPerInvoke = 64), BenchmarkCategory("N=64")]
    public Task HandRolled_64() => HandRolled(64);

    [Benchmark(OperationsPerInvoke = 64), BenchmarkCategory("N=64")]
    public Task Core_64() => Core(64);

    [Benchmark(OperationsPerInvoke = 64), BenchmarkCategory("N=64")]
    public Task Hybrid_64() => Hybrid(64);

    [Benchmark(OperationsPerInvoke = 64), BenchmarkCategory("N=64")]
    public Task Fusion_64() => Fusion(64);

    [Benchmark(Baseline = true, OperationsPerInvoke = 1024), BenchmarkCategory("N=1024")]
    public Task HandRolled_1024() => HandRolled(1024);

    [Benchmark(OperationsPerInvoke = 1024), BenchmarkCategory("N=1024")]
    public Task Core_1024() => Core(1024);

    [Benchmark(OperationsPerInvoke = 1024), BenchmarkCategory("N=1024")]
    public Task Hybrid_1024() => Hybrid(1024);

    [Benchmark(OperationsPerInvoke = 1024), BenchmarkCategory("N=1024")]
    public Task Fusion_1024() => Fusion(1024);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_fanOuts, _runs, "B3: the work must run exactly once per fan-out");
        Check.Equal(0, _coalescer.InFlightCount + _handRolled.Count, "B3: entries left in flight");
        Dispose();
    }

    public void Dispose()
    {
        _services?.Dispose();
        _fusion?.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task HandRolled(int callers)
    {
        var gate = Open();
        for (var i = 0; i < callers; i++)
        {
            _tasks[i] = _handRolled.RunAsync(Key, _work);
        }

        await Release(gate, callers);
    }

    private async Task Core(int callers)
    {
        var gate = Open();
        for (var i = 0; i < callers; i++)
        {
            _tasks[i] = _coalescer.RunAsync(Key, gate, _coreWork);
        }

        await Release(gate, callers);
    }

    private async Task Hybrid(int callers)
    {
        var gate = Open();
        for (var i = 0; i < callers; i++)
        {
            _tasks[i] = _hybrid.GetOrCreateAsync(Key, gate, _hybridWork, _hybridOptions).AsTask();
        }

        await Release(gate, callers);
    }

    private async Task Fusion(int callers)
    {
        var gate = Open();
        for (var i = 0; i < callers; i++)
        {
            _tasks[i] = _fusion.GetOrSetAsync<int>(Key, _fusionWork, default, _fusionOptions).AsTask();
        }

        await Release(gate, callers);
        _fusion.Remove(Key);
    }

    private TaskCompletionSource<int> Open()
    {
        _fanOuts++;
        return _gate = new TaskCompletionSource<int>();
    }

    private async Task Release(TaskCompletionSource<int> gate, int callers)
    {
        gate.SetResult(42);
        await Task.WhenAll(new ReadOnlySpan<Task>(_tasks, 0, callers));
        Check.AllResults(_tasks, callers, 42);
    }

    private Task<int> Run(TaskCompletionSource<int> gate)
    {
        Interlocked.Increment(ref _runs);
        return gate.Task;
    }
}
