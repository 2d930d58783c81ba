namespace SharedCall.Internal;

/// <summary>The counters behind <see cref="Coalescer.GetStats()"/>, updated without locks.</summary>
internal sealed class StatsCounters
{
    private long _hits;
    private long _misses;
    private long _errors;
    private int _active;

    public void ExecutionStarted()
    {
        Interlocked.Increment(ref _misses);
        Interlocked.Increment(ref _active);
    }

    public void CallerJoined() => Interlocked.Increment(ref _hits);

    public void ExecutionEnded(bool failed)
    {
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }

        Interlocked.Decrement(ref _active);
    }

    public CoalescingStats Snapshot() => new(
        Volatile.Read(ref _hits),
        Volatile.Read(ref _misses),
        Volatile.Read(ref _errors),
        Volatile.Read(ref _active));

    // Active is a gauge of what runs now, not a counter: resetting it would make it lie.
    public void Reset()
    {
        Interlocked.Exchange(ref _hits, 0);
        Interlocked.Exchange(ref _misses, 0);
        Interlocked.Exchange(ref _errors, 0);
    }
}
