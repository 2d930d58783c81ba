using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B2, join: a caller joining an execution in flight with a token that cannot be cancelled.
/// The baseline is the floor: one <see cref="ConcurrentDictionary{TKey, TValue}"/> hit on the same key.
/// </summary>
[Config(typeof(BenchConfig))]
public class B2_Join
{
    private readonly object _key = "user:42";
    private readonly ConcurrentDictionary<object, object> _dictionary = new();
    private readonly Coalescer _coalescer = new();
    private readonly CountingWork _work = new();
    private Task<int> _leader = null!;
    private long _floorState, _floorHits;

    [GlobalSetup]
    public void Setup()
    {
        _dictionary[_key] = _key;
        _leader = _coalescer.RunAsync(_key, _work.OnGate);
    }

    [Benchmark(Baseline = true)] public object? DictionaryHit() => _dictionary.TryGetValue(_key, out var value) ? value : null;

    /// <summary>
    /// The floor of a join that keeps our guarantees: the hit, one compare-and-swap to join only a live execution
    /// (never one whose every caller cancelled), and one increment of the live Hits counter.
    /// </summary>
    [Benchmark]
    public object? Floor_HitPlusTwoAtomics()
    {
        if (!_dictionary.TryGetValue(_key, out var value))
        {
            return null;
        }

        var state = Volatile.Read(ref _floorState);
        Interlocked.CompareExchange(ref _floorState, state + 1, state);
        Interlocked.Increment(ref _floorHits);
        return value;
    }

    // Returned as object: the shared task is pending, and BenchmarkDotNet would await a Task.
    [Benchmark] public object Core_Join() => _coalescer.RunAsync(_key, _work.OnGate);

    [GlobalCleanup]
    public void Cleanup()
    {
        _work.Gate.SetResult(42);
        Check.Equal(42, _leader.GetAwaiter().GetResult(), "B2: leader result");
        Check.Equal(1, _work.Runs, "B2: joiners must not run the work");
        Check.Equal(0, _coalescer.InFlightCount, "B2: entries left in flight");
    }
}
