using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B6: callers cancelling their own wait while the work waits on a gate: 1 of 64, and all 64.
/// </summary>
/// <remarks>
/// Each baseline is the same fan-out where the same token sources are created and cancelled but no caller passes
/// its token, so the difference to it is the coalescer's cost per cancelling caller (the caller's own
/// <see cref="CancellationTokenSource"/> is not ours). "1 of 64" is per fan-out; "64 of 64" per caller.
/// </remarks>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
public class B6_Cancellation
{
    private const int Callers = 64;
    private readonly object _key = "user:42";
    private readonly Task[] _tasks = new Task[Callers];
    private readonly CancellationTokenSource[] _sources = new CancellationTokenSource[Callers];
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

    [Benchmark(Baseline = true, OperationsPerInvoke = 1), BenchmarkCategory("1 of 64")]
    public Task NoneCancel_OneSource() => FanOut(cancelling: 1, passTokens: false);

    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("1 of 64")]
    public Task OneCancels() => FanOut(cancelling: 1, passTokens: true);

    [Benchmark(Baseline = true, OperationsPerInvoke = Callers), BenchmarkCategory("64 of 64")]
    public Task NoneCancel_AllSources() => FanOut(cancelling: Callers, passTokens: false);

    [Benchmark(OperationsPerInvoke = Callers), BenchmarkCategory("64 of 64")]
    public Task AllCancel() => FanOut(cancelling: Callers, passTokens: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_fanOuts, _runs, "B6: the work must run exactly once per fan-out");
        Check.Equal(0, _coalescer.InFlightCount, "B6: entries left in flight");
    }

    private async Task FanOut(int cancelling, bool passTokens)
    {
        _fanOuts++;
        var gate = new TaskCompletionSource<int>();
        for (var i = 0; i < Callers; i++)
        {
            var token = CancellationToken.None;
            if (i < cancelling)
            {
                _sources[i] = new CancellationTokenSource();
                if (passTokens)
                {
                    token = _sources[i].Token;
                }
            }

            _tasks[i] = _coalescer.RunAsync(_key, gate, _work, token);
        }

        for (var i = 0; i < cancelling; i++)
        {
            _sources[i].Cancel();
        }

        if (passTokens && cancelling == Callers)
        {
            // Every caller left: the key must be free before the work ends.
            Check.Equal(0, _coalescer.InFlightCount, "B6: an abandoned execution must leave the table");
        }

        gate.SetResult(42);
        await Task.WhenAll(new ReadOnlySpan<Task>(_tasks, 0, Callers)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var i = 0; i < Callers; i++)
        {
            var cancelled = passTokens && i < cancelling;
            Check.That(cancelled ? _tasks[i].IsCanceled : ((Task<int>)_tasks[i]).Result == 42, "B6: wrong outcome for a caller");
        }
    }
}
