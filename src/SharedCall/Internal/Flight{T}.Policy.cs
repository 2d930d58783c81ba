using System.Runtime.CompilerServices;

namespace SharedCall.Internal;

/// <summary>Timeouts and reuse windows: paths only an execution whose operation has a policy takes.</summary>
internal sealed partial class Flight<T>
{
    public override string ErrorType
    {
        get
        {
            if (TimedOut)
            {
                return Telemetry.TimeoutErrorType;
            }

            var source = _source;
            return source?.Exception?.InnerException?.GetType().FullName
                ?? (source is { IsCanceled: true } ? typeof(OperationCanceledException).FullName! : "_OTHER");
        }
    }

    /// <summary>The deadline passed: every caller still waiting gets a <see cref="TimeoutException"/>, the key is freed, the work is told.</summary>
    protected override void OnDeadline()
    {
        if (!TryClaimDeadline())
        {
            return;
        }

        MarkTimedOut();
        _source = Task.FromException<T>(new TimeoutException(Scope.TimeoutMessage()));
        Publish(failed: true);
        WorkCancellation?.Cancel();
    }

    // The work completed (successfully or not) after the deadline published a timeout: its outcome is dropped, and a
    // fault is observed so that it never surfaces as an unobserved task exception.
    private static void DropLate(Task work) => _ = work.Exception;

    private void CompleteWhenBeforeDeadline(Task work) =>
        work.ContinueWith(
            static (work, flight) => ((Flight<T>)flight!).Complete(work),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private bool TryClaimDeadline() => TryClaimOutcome();

    // Called before the outcome is published: a caller that finds the flight after that reads the window's end and the
    // shared task, so a synchronous result gets its task now, once, instead of one per reuse.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool KeepForReuse(OperationScope scope)
    {
        var time = scope.Owner.TimeProvider;
        KeepUntil(scope.Policy!.WindowEnd(time, time.GetTimestamp()));
        _source ??= Task.FromResult(_result);
        return true;
    }

    // After the completed mark: from now on a caller's TryJoin fails and it goes to the reuse path, which checks the
    // window. Callers' cancellations may still decrement the low half: it stays below zero.
    private void CloseToJoins(OperationScope scope)
    {
        long state;
        do
        {
            state = Volatile.Read(ref _callerState);
        }
        while (Interlocked.CompareExchange(ref _callerState, (state & ~0xFFFFFFFFL) | 0xFFFFFFFFL, state) != state);

        scope.Owner.RememberWindow(this);
    }

    /// <summary>Gets the outcome task shared by callers served from a kept result.</summary>
    public Task KeptOutcome => _source!;
}
