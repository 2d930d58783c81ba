using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B5, failure: the work fails (its task faults) with N = 1 and 64 callers waiting, against the same fan-out succeeding.
/// Figures are per caller.
/// </summary>
/// <remarks>
/// Callers are awaited one by one without rethrowing (<see cref="ConfigureAwaitOptions.SuppressThrowing"/>), in both
/// paths: a caller pays for its own throw, and <c>Task.WhenAll</c> for gathering N exceptions, whether or not it is
/// coalesced, so only the coalescer's share of the failure is measured.
/// </remarks>
[Config(typeof(BenchConfig))]
public class B5_Failure
{
    private static readonly InvalidOperationException s_failure = new("The work failed.");
    private readonly object _key = "user:42";
    private readonly Task[] _tasks = new Task[64];
    private readonly Coalescer _coalescer = new();
    private readonly CountingWork _work = new();
    private long _fanOuts;

    [Benchmark(Baseline = true, OperationsPerInvoke = 1), BenchmarkCategory("N=1")] public Task Success_1() => FanOut(1, fail: false);
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")] public Task Failure_1() => FanOut(1, fail: true);

    /// <summary>What the work's failure costs without any coalescer: faulting its task and observing the fault.</summary>
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public async Task Floor_FaultedTask_1()
    {
        var gate = new TaskCompletionSource<int>();
        gate.SetException(s_failure);
        await ((Task)gate.Task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Check.That(ReferenceEquals(gate.Task.Exception?.InnerException, s_failure), "B5: floor outcome");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 64), BenchmarkCategory("N=64")] public Task Success_64() => FanOut(64, fail: false);
    [Benchmark(OperationsPerInvoke = 64), BenchmarkCategory("N=64")] public Task Failure_64() => FanOut(64, fail: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_fanOuts, _work.Runs, "B5: the work must run exactly once per fan-out");
        Check.Equal(0, _coalescer.InFlightCount, "B5: entries left in flight");
    }

    private async Task FanOut(int callers, bool fail)
    {
        _fanOuts++;
        var gate = new TaskCompletionSource<int>();
        for (var i = 0; i < callers; i++)
        {
            _tasks[i] = _coalescer.RunAsync(_key, gate, _work.Gated);
        }

        _ = fail ? gate.TrySetException(s_failure) : gate.TrySetResult(42);

        Task? checkedTask = null;
        for (var i = 0; i < callers; i++)
        {
            var task = _tasks[i];
            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // Callers that share one task are checked once: the check is the benchmark's cost, not the coalescer's.
            if (!ReferenceEquals(task, checkedTask))
            {
                Check.That(fail ? ReferenceEquals(task.Exception?.InnerException, s_failure) : ((Task<int>)task).Result == 42, "B5: every caller must see the work's outcome");
                checkedTask = task;
            }
        }
    }
}
