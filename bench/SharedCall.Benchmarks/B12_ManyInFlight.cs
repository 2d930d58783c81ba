using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B12: 100,000 executions in flight at once, one caller each, released together. Figures are per key; the cleanup
/// checks that every execution ran once and that the table is empty afterwards.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
public class B12_ManyInFlight
{
    private const int Executions = 100_000;
    private readonly Task[] _tasks = new Task[Executions];
    private object[] _keys = null!;
    private readonly ConcurrentDictionary<object, MinimalFlight> _floor = new();
    private Coalescer _coalescer = null!;
    private HandRolledCoalescer<int> _handRolled = null!;
    private TaskCompletionSource<int> _gate = null!;
    private Func<CancellationToken, Task<int>> _work = null!;
    private Func<TaskCompletionSource<int>, CancellationToken, Task<int>> _coreWork = null!;
    private long _invocations;
    private long _runs;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Executions).Select(i => (object)$"user:{i}").ToArray();
        _coalescer = new Coalescer();
        _handRolled = new HandRolledCoalescer<int>();
        _work = _ =>
        {
            _runs++;
            return _gate.Task;
        };
        _coreWork = (gate, _) =>
        {
            _runs++;
            return gate.Task;
        };
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Executions)]
    public async Task HandRolled()
    {
        var gate = Open();
        for (var i = 0; i < Executions; i++)
        {
            _tasks[i] = _handRolled.RunAsync(_keys[i], _work);
        }

        Check.Equal(Executions, _handRolled.Count, "B12: every key must be in flight");
        await Release(gate);
        Check.Equal(0, _handRolled.Count, "B12: the table must be empty afterwards");
    }

    [Benchmark(OperationsPerInvoke = Executions)]
    public async Task Core()
    {
        var gate = Open();
        for (var i = 0; i < Executions; i++)
        {
            _tasks[i] = _coalescer.RunAsync(_keys[i], gate, _coreWork);
        }

        Check.Equal(Executions, _coalescer.InFlightCount, "B12: every key must be in flight");
        await Release(gate);
        Check.Equal(0, _coalescer.InFlightCount, "B12: the table must be empty afterwards");
    }

    /// <summary>
    /// The floor of a coalescer with per-caller semantics like ours: per key a table entry, an entry object, a shared
    /// <see cref="TaskCompletionSource{TResult}"/> (continuations asynchronous) and one continuation on the work's task.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Executions)]
    public async Task Floor_MinimalFlight()
    {
        var gate = Open();
        for (var i = 0; i < Executions; i++)
        {
            _runs++;
            var entry = new MinimalFlight(_keys[i], _floor);
            _floor.TryAdd(entry.Key, entry);
            gate.Task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(entry.OnWorkCompleted);
            _tasks[i] = entry.Shared.Task;
        }

        Check.Equal(Executions, _floor.Count, "B12: every key must be in flight");
        await Release(gate);
        Check.Equal(0, _floor.Count, "B12: the table must be empty afterwards");
    }

    /// <summary>
    /// What a coalescer with our semantics pays per key besides its table and flight record: a shared
    /// <see cref="TaskCompletionSource{TResult}"/> (continuations asynchronous) and one continuation on the work's task,
    /// held by the smallest object that can complete one from the other. The runtime's own per-key costs of this
    /// benchmark (the gate's continuation list, the queued asynchronous continuations) are in it too.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Executions)]
    public async Task Floor_SharedOutcomeOnly()
    {
        var gate = Open();
        for (var i = 0; i < Executions; i++)
        {
            _runs++;
            var outcome = new SharedOutcome();
            gate.Task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(outcome.OnWorkCompleted);
            _tasks[i] = outcome.Shared.Task;
        }

        await Release(gate);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_invocations * Executions, _runs, "B12: every execution must run exactly once");
        Check.Equal(0, _coalescer.InFlightCount + _handRolled.Count, "B12: entries left in flight");
    }

    private TaskCompletionSource<int> Open()
    {
        _invocations++;
        return _gate = new TaskCompletionSource<int>();
    }

    private async Task Release(TaskCompletionSource<int> gate)
    {
        gate.SetResult(42);
        await Task.WhenAll(_tasks);
        Check.AllResults(_tasks, Executions, 42);
    }

    private sealed class MinimalFlight(object key, ConcurrentDictionary<object, MinimalFlight> table)
    {
        public object Key { get; } = key;

        public TaskCompletionSource<int> Shared { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnWorkCompleted()
        {
            table.TryRemove(KeyValuePair.Create(Key, this));
            Shared.SetResult(42);
        }
    }

    private sealed class SharedOutcome
    {
        public TaskCompletionSource<int> Shared { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnWorkCompleted() => Shared.SetResult(42);
    }
}
