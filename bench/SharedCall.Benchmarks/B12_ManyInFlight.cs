using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B12, many in flight: 100,000 executions in flight at once, one caller each, released together. Figures are per key;
/// each benchmark checks that every key was in flight and that its table is empty afterwards.
/// </summary>
[Config(typeof(BenchConfig))]
public class B12_ManyInFlight
{
    private const int Executions = 100_000;
    private readonly Task[] _tasks = new Task[Executions];
    private readonly object[] _keys = Enumerable.Range(0, Executions).Select(i => (object)$"user:{i}").ToArray();
    private readonly Coalescer _coalescer = new();
    private readonly HandRolledCoalescer<int> _handRolled = new();
    private readonly CountingWork _work = new();
    private long _invocations;

    [Benchmark(Baseline = true, OperationsPerInvoke = Executions)] public Task HandRolled() => AllInFlight(handRolled: true, () => _handRolled.Count);
    [Benchmark(OperationsPerInvoke = Executions)] public Task Core() => AllInFlight(handRolled: false, () => _coalescer.InFlightCount);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_invocations * Executions, _work.Runs, "B12: every execution must run exactly once");
        Check.Equal(0, _coalescer.InFlightCount + _handRolled.Count, "B12: entries left in flight");
    }

    private async Task AllInFlight(bool handRolled, Func<int> inFlight)
    {
        _invocations++;
        var gate = _work.Gate = new TaskCompletionSource<int>();
        for (var i = 0; i < Executions; i++)
        {
            _tasks[i] = handRolled ? _handRolled.RunAsync(_keys[i], _work.OnGate) : _coalescer.RunAsync(_keys[i], gate, _work.Gated);
        }

        Check.Equal(Executions, inFlight(), "B12: every key must be in flight");
        gate.SetResult(42);
        await Task.WhenAll(_tasks);
        Check.AllResults(_tasks, Executions, 42);
        Check.Equal(0, inFlight(), "B12: the table must be empty afterwards");
    }
}
