using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B5: the work fails (its task faults) with N = 1 and 64 callers waiting, against the same fan-out succeeding.
/// Figures are per caller.
/// </summary>
/// <remarks>
/// Callers observe the fault without rethrowing it (<see cref="ConfigureAwaitOptions.SuppressThrowing"/>): a caller
/// pays for its own throw whether or not it is coalesced, so only the coalescer's share of the failure is measured.
/// </remarks>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
public class B5_Failure
{
    private static readonly InvalidOperationException s_failure = new("The work failed.");
    private readonly object _key = "user:42";
    private readonly Task[] _tasks = new Task[64];
    private Coalescer _coalescer = null!;
    private Func<TaskCompletionSource<int>, CancellationToken, Task<int>> _work = null!;
    private long _fanOuts;
    private long _runs;

    [GlobalSetup]
    public void Setup()
    {
        _coalescer = new Coalescer();
        _work = (gate, _) =>
        {
            _runs++;
            return gate.Task;
        };
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public Task Success_1() => FanOut(1, fail: false);

    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public Task Failure_1() => FanOut(1, fail: true);

    [Benchmark(Baseline = true, OperationsPerInvoke = 64), BenchmarkCategory("N=64")]
    public Task Success_64() => FanOut(64, fail: false);

    [Benchmark(OperationsPerInvoke = 64), BenchmarkCategory("N=64")]
    public Task Failure_64() => FanOut(64, fail: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_fanOuts, _runs, "B5: the work must run exactly once per fan-out");
        Check.Equal(0, _coalescer.InFlightCount, "B5: entries left in flight");
    }

    private async Task FanOut(int callers, bool fail)
    {
        _fanOuts++;
        var gate = new TaskCompletionSource<int>();
        for (var i = 0; i < callers; i++)
        {
            _tasks[i] = _coalescer.RunAsync(_key, gate, _work);
        }

        if (fail)
        {
            gate.SetException(s_failure);
            await Task.WhenAll(new ReadOnlySpan<Task>(_tasks, 0, callers)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            for (var i = 0; i < callers; i++)
            {
                Check.That(ReferenceEquals(_tasks[i].Exception?.InnerException, s_failure), "B5: every caller must see the work's exception");
            }
        }
        else
        {
            gate.SetResult(42);
            await Task.WhenAll(new ReadOnlySpan<Task>(_tasks, 0, callers));
            Check.AllResults(_tasks, callers, 42);
        }
    }
}
