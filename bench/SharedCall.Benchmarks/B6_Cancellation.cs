using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>
/// B6, cancellation: callers cancelling their own wait while the work waits on a gate: 1 of 8 (a joiner), and all 64.
/// </summary>
/// <remarks>
/// Each baseline is the same fan-out where the same token sources are created and cancelled but no caller passes
/// its token, so the difference to it is the coalescer's cost per cancelling caller (the caller's own
/// <see cref="CancellationTokenSource"/> is not ours). "1 of 8" is per fan-out; "64 of 64" per caller.
/// </remarks>
[Config(typeof(BenchConfig))]
public class B6_Cancellation
{
    private const int Callers = 64, FewCallers = 8;
    private readonly object _key = "user:42";
    private readonly Task[] _tasks = new Task[Callers];
    private readonly CancellationTokenSource[] _sources = new CancellationTokenSource[Callers];
    private readonly Coalescer _coalescer = new();
    private readonly CountingWork _work = new();
    private long _fanOuts;

    [Benchmark(Baseline = true, OperationsPerInvoke = 1), BenchmarkCategory("1 of 8")] public Task NoneCancel_OneSource() => FanOut(FewCallers, cancelling: 1, passTokens: false);
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("1 of 8")] public Task OneCancels() => FanOut(FewCallers, cancelling: 1, passTokens: true);

    /// <summary>The BCL's floor: 8 callers on the gate itself, the last through <see cref="Task.WaitAsync(CancellationToken)"/>, cancelled.</summary>
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("1 of 8")] public Task Bcl_WaitAsync_OneCancels() => BclFanOut(FewCallers, 1, waitAsync: true);

    /// <summary>The same BCL fan-out with the token source created and cancelled but not passed.</summary>
    [Benchmark(OperationsPerInvoke = 1), BenchmarkCategory("1 of 8")] public Task Bcl_NoneCancel_OneSource() => BclFanOut(FewCallers, 1, waitAsync: false);
    [Benchmark(Baseline = true, OperationsPerInvoke = Callers), BenchmarkCategory("64 of 64")] public Task NoneCancel_AllSources() => FanOut(Callers, cancelling: Callers, passTokens: false);
    [Benchmark(OperationsPerInvoke = Callers), BenchmarkCategory("64 of 64")] public Task AllCancel() => FanOut(Callers, cancelling: Callers, passTokens: true);

    /// <summary>The BCL's own per-caller cancellable wait on the same gate: what a cancellable wait costs at least.</summary>
    [Benchmark(OperationsPerInvoke = Callers), BenchmarkCategory("64 of 64")] public Task WaitAsync_AllCancel() => BclFanOut(Callers, Callers, waitAsync: true);

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_fanOuts, _work.Runs, "B6: the work must run exactly once per fan-out");
        Check.Equal(0, _coalescer.InFlightCount, "B6: entries left in flight");
    }

    // The last `cancelling` callers wait through Task.WaitAsync with their own token (or, without waitAsync, on the gate).
    private async Task BclFanOut(int callers, int cancelling, bool waitAsync)
    {
        var gate = new TaskCompletionSource<int>();
        var first = callers - cancelling;
        for (var i = 0; i < callers; i++)
        {
            _sources[i] = i >= first ? new CancellationTokenSource() : null!;
            _tasks[i] = i >= first && waitAsync ? gate.Task.WaitAsync(_sources[i].Token) : gate.Task;
        }

        for (var i = first; i < callers; i++)
        {
            _sources[i].Cancel();
        }

        gate.SetResult(42);
        await Task.WhenAll(new ReadOnlySpan<Task>(_tasks, 0, callers)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Check.That(_tasks[callers - 1].IsCanceled == waitAsync, "B6: wrong outcome for the BCL's cancelling caller");
    }

    // The last `cancelling` callers cancel: with one, it is a joiner, the common case.
    private async Task FanOut(int callers, int cancelling, bool passTokens)
    {
        _fanOuts++;
        var gate = new TaskCompletionSource<int>();
        var first = callers - cancelling;
        for (var i = 0; i < callers; i++)
        {
            _sources[i] = i >= first ? new CancellationTokenSource() : null!;
            _tasks[i] = _coalescer.RunAsync(_key, gate, _work.Gated, passTokens && i >= first ? _sources[i].Token : CancellationToken.None);
        }

        for (var i = first; i < callers; i++)
        {
            _sources[i].Cancel();
        }

        if (passTokens && cancelling == callers)
        {
            // Every caller left: the key must be free before the work ends.
            Check.Equal(0, _coalescer.InFlightCount, "B6: an abandoned execution must leave the table");
        }

        gate.SetResult(42);
        await Task.WhenAll(new ReadOnlySpan<Task>(_tasks, 0, callers)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var i = 0; i < callers; i++)
        {
            var cancelled = passTokens && i >= first;
            Check.That(cancelled ? _tasks[i].IsCanceled : ((Task<int>)_tasks[i]).Result == 42, "B6: wrong outcome for a caller");
        }
    }
}
