namespace SharedCall.Internal;

/// <summary>What only an execution whose operation has a policy (a timeout, a reuse window) uses: kept in the extras.</summary>
internal abstract partial class Flight
{
    /// <summary>Gets whether the execution has a timeout: then the work and the deadline race to publish the outcome.</summary>
    public bool HasDeadline => Volatile.Read(ref _context) is FlightExtras { Deadline: not null };

    /// <summary>Gets whether the execution's outcome was its timeout.</summary>
    public bool TimedOut => (Volatile.Read(ref _context) as FlightExtras)?.TimedOut ?? false;

    /// <summary>Gets the timestamp at which its kept result stops being reused; 0 when nothing is kept.</summary>
    public long WindowEnd => (Volatile.Read(ref _context) as FlightExtras)?.WindowEnd ?? 0;

    /// <summary>Gets the <c>error.type</c> of a failed execution: <c>timeout</c>, or the exception's type name.</summary>
    public abstract string ErrorType { get; }

    /// <summary>Starts the timer that ends the execution with a <see cref="TimeoutException"/>, before the work runs.</summary>
    public void StartDeadline(TimeProvider time, TimeSpan timeout)
    {
        var extras = ExtrasForWrite;
        extras.Deadline = time.CreateTimer(static flight => ((Flight)flight!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Claims the right to publish the outcome: always granted without a deadline, once with one.</summary>
    protected bool TryClaimOutcome()
    {
        if (Volatile.Read(ref _context) is not FlightExtras { Deadline: { } deadline } extras)
        {
            return true;
        }

        if (Interlocked.Exchange(ref extras.OutcomeClaimed, 1) != 0)
        {
            return false;
        }

        deadline.Dispose();
        return true;
    }

    protected void MarkTimedOut() => ExtrasForWrite.TimedOut = true;

    /// <summary>Keeps a successful outcome for reuse until <paramref name="windowEnd"/>; written before it is published.</summary>
    protected void KeepUntil(long windowEnd) => ExtrasForWrite.WindowEnd = windowEnd;

    protected abstract void OnDeadline();
}
