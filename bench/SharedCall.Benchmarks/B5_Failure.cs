using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B5: the work fails (its task faults) with N = 1 and 64 callers waiting, against the same fan-out succeeding.
/// Figures are per caller.
/// </summary>
/// <remarks>
/// Callers are awaited one by one without rethrowing (<see cref="ConfigureAwaitOptions.SuppressThrowing"/>), in both
/// paths: a caller pays for its own throw, and <c>Task.WhenAll</c> for gathering N exceptions, whether or not it is
/// coalesced, so only the coalescer's share of the failure is measured.
/// </remarks>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
[MedianAcrossProcesses]
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

    /// <summary>What the work's failure costs without any coalescer: faulting its task and observing the fault.</summary>
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public async Task Floor_FaultedTask_1()
    {
        var gate = new TaskCompletionSource<int>();
        gate.SetException(s_failure);
        await ((Task)gate.Task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Check.That(ReferenceEquals(gate.Task.Exception?.InnerException, s_failure), "B5: floor outcome");
    }

    /// <summary>
    /// The least one execution with one caller can do without a table: a shared task (continuations asynchronous)
    /// completed from the work's task by one continuation, succeeding. <see cref="Floor_SharedFault_1"/> fails it.
    /// </summary>
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public Task Floor_SharedSuccess_1() => SharedOutcome(fail: false);

    /// <summary>As <see cref="Floor_SharedSuccess_1"/>, with the fault handed from the work's task to the shared task.</summary>
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("N=1")]
    public Task Floor_SharedFault_1() => SharedOutcome(fail: true);

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

    private static async Task SharedOutcome(bool fail)
    {
        var gate = new TaskCompletionSource<int>();
        var outcome = new SharedOutcomeOfOne(gate.Task);
        if (fail)
        {
            gate.SetException(s_failure);
        }
        else
        {
            gate.SetResult(42);
        }

        var task = outcome.Shared.Task;
        await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Check.That(
            fail ? ReferenceEquals(task.Exception?.InnerException, s_failure) : task.Result == 42,
            "B5: floor outcome");
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
        }
        else
        {
            gate.SetResult(42);
        }

        Task? checkedTask = null;
        for (var i = 0; i < callers; i++)
        {
            var task = _tasks[i];
            await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ReferenceEquals(task, checkedTask))
            {
                continue;
            }

            // Callers that share one task are checked once: the check is the benchmark's cost, not the coalescer's.
            Check.That(
                fail ? ReferenceEquals(task.Exception?.InnerException, s_failure) : ((Task<int>)task).Result == 42,
                "B5: every caller must see the work's outcome");
            checkedTask = task;
        }
    }

    /// <summary>A shared task completed like the work's task, as a flight does it, with nothing else.</summary>
    private sealed class SharedOutcomeOfOne
    {
        private readonly Task<int> _work;

        public SharedOutcomeOfOne(Task<int> work)
        {
            _work = work;
            work.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnWorkCompleted);
        }

        public TaskCompletionSource<int> Shared { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private void OnWorkCompleted() => Shared.TrySetFromTask(_work);
    }
}
