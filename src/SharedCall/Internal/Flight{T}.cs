using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SharedCall.Internal;

/// <summary>One execution of work for a key: who waits for it, how it ended, and how to cancel it.</summary>
/// <remarks>See readme.md beside this file for the invariants.</remarks>
[DebuggerDisplay("Key = {Key}, Callers = {Callers}, Completed = {IsCompleted}")]
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The work's token source has no timer and no linked tokens, so it holds nothing to release; disposing it would race with callers that cancel after the execution ends.")]
internal sealed partial class Flight<T> : Flight
{
    // _callerState packs two counts so one compare-and-swap can join a caller only while the execution is alive:
    // the high 32 bits count every caller served (the leader included); the low 32 bits count callers still waiting
    // that have not cancelled. The low half reaching 0 means every caller cancelled: the flight is abandoned for good.
    private const long OneCaller = (1L << 32) + 1;

    // Marks _sharedTask and _waiters once the outcome is published; nothing is added after that.
    private static readonly TaskCompletionSource<T> s_published = new();
    private static readonly CancellableWaiter<T> s_closed = new(null!);

    private long _callerState = OneCaller;
    private Task? _source;
    private T _result = default!;
    private TaskCompletionSource<T>? _sharedTask;
    private CancellableWaiter<T>? _waiters;

    /// <param name="key">The callers' key.</param>
    /// <param name="scope">The table the flight is stored in, and the counters and telemetry it updates.</param>
    /// <param name="cancellable">
    /// Whether the leader's token can be cancelled. When it cannot, the leader never leaves, so not every caller
    /// can cancel, and the work gets <see cref="CancellationToken.None"/>: no token source is allocated.
    /// </param>
    public Flight(FlightKey key, OperationScope scope, bool cancellable)
        : base(key, scope, cancellable)
    {
    }

    public override Type ResultType => typeof(T);

    public int Callers => (int)(Volatile.Read(ref _callerState) >>> 32);

    /// <summary>Adds a caller unless every caller so far has cancelled.</summary>
    public bool TryJoin()
    {
        // Below zero once a kept result is published (see KeepForReuse): such a flight is reused, never joined.
        var state = Volatile.Read(ref _callerState);
        while ((int)state > 0)
        {
            var seen = Interlocked.CompareExchange(ref _callerState, state + OneCaller, state);
            if (seen == state)
            {
                return true;
            }

            state = seen;
        }

        return false;
    }

    /// <summary>Called once by each caller whose own cancellation ended its wait.</summary>
    public void ReleaseCancelledCaller()
    {
        if ((int)Interlocked.Decrement(ref _callerState) != 0)
        {
            return;
        }

        // Every caller has gone. Free the key first so a new caller starts a fresh execution rather than joining
        // one nobody waits for (tailscale#18919), then tell the work.
        Scope.Table.TryRemove(this);
        WorkCancellation?.Cancel();
    }

    /// <summary>Ends an asynchronous execution with the work's completed task.</summary>
    public void Complete(Task source)
    {
        Debug.Assert(source.IsCompleted, "Only a completed task carries an outcome.");
        if (!TryClaimOutcome())
        {
            DropLate(source);
            return;
        }

        _source = source;
        Publish(failed: !source.IsCompletedSuccessfully);
    }

    /// <summary>Ends a synchronous execution that returned <paramref name="result"/>.</summary>
    public void Complete(T result)
    {
        if (!TryClaimOutcome())
        {
            return;
        }

        _result = result;
        Publish(failed: false);
    }

    /// <summary>Ends a synchronous execution that threw <paramref name="exception"/>.</summary>
    public void Fail(Exception exception)
    {
        if (!TryClaimOutcome())
        {
            return;
        }

        _source = Task.FromException<T>(exception);
        Publish(failed: true);
    }

    /// <summary>Completes the flight when <paramref name="source"/> completes.</summary>
    public void CompleteWhen(Task source)
    {
        if (HasDeadline)
        {
            // The deadline may publish first and write _source: the work's task is handed to its continuation instead.
            CompleteWhenBeforeDeadline(source);
            return;
        }

        // Nobody reads _source before the outcome is published, so it can hold the pending task meanwhile;
        // the continuation then needs no closure, only a delegate over this flight.
        _source = source;
        source.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnSourceCompleted);
    }

    private void OnSourceCompleted() => Publish(failed: !_source!.IsCompletedSuccessfully);

    /// <summary>Gets a task that ends with the execution's outcome, shared by every caller that cannot cancel.</summary>
    public Task GetSharedTask()
    {
        var current = Volatile.Read(ref _sharedTask);
        while (true)
        {
            if (current is not null)
            {
                return ReferenceEquals(current, s_published) ? CompletedTask() : current.Task;
            }

            if (IsCompleted)
            {
                return CompletedTask();
            }

            var created = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            current = Interlocked.CompareExchange(ref _sharedTask, created, null);
            if (current is null)
            {
                // Publish may have looked at the slot before this CAS (see Publish): then this caller completes it.
                if (IsCompleted)
                {
                    CopyOutcomeTo(created);
                }

                return created.Task;
            }
        }
    }

    /// <summary>Waits for the outcome with the caller's own token, which ends only this caller's wait.</summary>
    public Task<T> WaitAsync(CancellationToken cancellationToken)
    {
        var waiter = new CancellableWaiter<T>(this);

        // Register before publishing the waiter: whoever completes it then always sees the registration to undo.
        waiter.Register(cancellationToken);
        var head = Volatile.Read(ref _waiters);
        while (!ReferenceEquals(head, s_closed))
        {
            waiter.Next = head;
            var seen = Interlocked.CompareExchange(ref _waiters, waiter, head);
            if (ReferenceEquals(seen, head))
            {
                // As in GetSharedTask: completing twice is harmless (unregister and TrySet are idempotent).
                if (IsCompleted)
                {
                    waiter.OnFlightCompleted();
                }

                return waiter.Task;
            }

            head = seen;
        }

        waiter.Next = null;
        waiter.OnFlightCompleted();
        return waiter.Task;
    }

    /// <summary>Blocks until the outcome is known; returns the result or rethrows the original exception.</summary>
    public T Wait()
    {
        var task = GetSharedTask();
        task.GetAwaiter().GetResult();
        return typeof(T) == typeof(VoidResult) ? default! : Unsafe.As<Task<T>>(task).Result;
    }

    /// <summary>Copies the published outcome into <paramref name="target"/>.</summary>
    public void CopyOutcomeTo(TaskCompletionSource<T> target)
    {
        var source = _source;
        if (source is null)
        {
            target.TrySetResult(_result);
        }
        else if (source.IsCompletedSuccessfully)
        {
            target.TrySetResult(typeof(T) == typeof(VoidResult) ? default! : Unsafe.As<Task<T>>(source).Result);
        }
        else if (source is Task<T> typed)
        {
            // Hands over the captured exceptions (or cancellation) as they are: no AggregateException, no list,
            // no new capture per caller, and the original stack traces and cancellation token are kept.
            target.TrySetFromTask(typed);
        }
        else if (source.IsCanceled)
        {
            target.TrySetCanceled(CancellationTokenOf(source));
        }
        else
        {
            target.TrySetException(source.Exception!.InnerExceptions);
        }
    }

    private void Publish(bool failed)
    {
        // Free the key before anyone can observe the outcome: a caller that sees it and calls again must start
        // a new execution, never join this finished one. Only this flight is removed, never a successor. A success
        // kept for reuse stays, and is served as it is (see KeepForReuse).
        var scope = Scope;
        var abandoned = (int)Volatile.Read(ref _callerState) == 0;
        var kept = !failed && !abandoned && scope.Policy is { ReusesResults: true } && KeepForReuse(scope);
        if (!kept)
        {
            scope.Table.TryRemove(this);
        }

        // A full fence between marking the flight completed and reading the two slots, against the CAS a caller does
        // before reading the mark (GetSharedTask, WaitAsync): either this sees the caller's task or waiter, or the
        // caller sees the mark and serves itself. The usual leader path (nobody joined) then closes nothing.
        MarkCompleted();
        if (kept)
        {
            CloseToJoins(scope);
        }

        scope.ExecutionEnded(this, failed, abandoned, Callers);

        if (Volatile.Read(ref _sharedTask) is not null)
        {
            var shared = Interlocked.Exchange(ref _sharedTask, s_published);
            if (shared is not null && !ReferenceEquals(shared, s_published))
            {
                CopyOutcomeTo(shared);
            }
        }

        if (Volatile.Read(ref _waiters) is not null)
        {
            for (var waiter = Interlocked.Exchange(ref _waiters, s_closed); waiter is not null; waiter = waiter.Next)
            {
                waiter.OnFlightCompleted();
            }
        }
    }

    private Task CompletedTask() => _source ?? Task.FromResult(_result);

    private static CancellationToken CancellationTokenOf(Task canceled)
    {
        try
        {
            canceled.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException exception)
        {
            return exception.CancellationToken;
        }

        return new CancellationToken(canceled: true);
    }
}
