using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B7, distinct keys: every core calls at once, each on its own keys (with Keys = 1 all share one key), work completing synchronously.
/// The figure to read is Lock Contentions per operation: the runtime's count of contended <c>Monitor</c> enters (the
/// hand-rolled version's locks), plus, for the core, the waits on its flight table's spin locks, which the runtime does
/// not see; the core's process prints that count when it ends.
/// </summary>
[Config(typeof(BenchConfig))]
public class B7_DistinctKeys
{
    private const int Operations = 1 << 14;
    private static readonly Task<int> s_done = Task.FromResult(42);
    private readonly int _threads = Environment.ProcessorCount;
    private object[] _keys = null!;
    private readonly Coalescer _coalescer = new();
    private readonly HandRolledCoalescer<int> _handRolled = new();
    private Func<CancellationToken, Task<int>> _work = null!;
    private long _calls, _runs, _coreCalls, _waitsAtSetup;

    [Params(1, 1_000, 100_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Keys).Select(i => (object)$"user:{i}").ToArray();
        _waitsAtSetup = SharedCall.Internal.InMemoryFlightTable.ContendedEnters;
        _work = _ =>
        {
            Interlocked.Increment(ref _runs);
            return s_done;
        };
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)] public void HandRolled() => OnAllCores(static (self, key) => self._handRolled.RunAsync(key, self._work));

    [Benchmark(OperationsPerInvoke = Operations)]
    public void Core()
    {
        _coreCalls += Operations;
        OnAllCores(static (self, key) => self._coalescer.RunAsync(key, self._work));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(0, _coalescer.InFlightCount + _handRolled.Count, "B7: entries left in flight");
        if (_coreCalls > 0)
        {
            var waits = SharedCall.Internal.InMemoryFlightTable.ContendedEnters - _waitsAtSetup;
            Console.WriteLine(FormattableString.Invariant($"B7 core: {(double)waits / _coreCalls:F4} spin-lock waits per operation ({waits} in {_coreCalls})"));
        }

        if (Keys >= _threads)
        {
            // Threads never share a key: nothing can be joined.
            Check.Equal(_calls, _runs, "B7: every call on a distinct key must run the work");
        }
        else
        {
            var stats = _coalescer.GetStats();
            Check.That(_runs <= _calls, "B7: more runs than calls");
            Check.That(stats.Hits + stats.Misses <= _calls, "B7: the core counted more callers than calls");
        }
    }

    private void OnAllCores(Func<B7_DistinctKeys, object, Task<int>> call)
    {
        _calls += Operations;
        var perThread = Operations / _threads;
        var threads = new Task[_threads];
        using var start = new Barrier(_threads);
        for (var t = 0; t < _threads; t++)
        {
            var thread = t;
            threads[t] = Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < perThread; i++)
                {
                    var task = call(this, _keys[((i * _threads) + thread) % Keys]);
                    if (task.Result != 42)
                    {
                        throw new InvalidOperationException("B7: wrong result.");
                    }
                }
            }, TaskCreationOptions.LongRunning);
        }

        Task.WaitAll(threads);
        _calls -= Operations - (perThread * _threads);
    }
}
