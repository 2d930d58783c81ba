namespace SharedCall.Internal;

/// <summary>The counters behind <see cref="Coalescer.GetStats()"/>, updated without locks.</summary>
/// <remarks>
/// Active is not a counter of its own: it is started minus ended, so starting an execution costs one atomic
/// increment, not two. Misses are counted from the started total at the last reset, which never moves Active.
/// </remarks>
internal sealed class StatsCounters
{
    private long _hits;
    private long _started;
    private long _ended;
    private long _startedAtReset;
    private long _errors;
    private long _canceled;
    private long _remote;
    private long _remoteFallbacks;
    private long _remoteTakeovers;

    public void ExecutionStarted() => Interlocked.Increment(ref _started);

    public void CallerJoined() => Interlocked.Increment(ref _hits);

    public void ServedRemotely() => Interlocked.Increment(ref _remote);

    public void RemoteFallback() => Interlocked.Increment(ref _remoteFallbacks);

    public void RemoteTakeover() => Interlocked.Increment(ref _remoteTakeovers);

    public void ExecutionEnded(bool failed, bool abandoned)
    {
        if (failed)
        {
            Interlocked.Increment(ref _errors);
        }
        else if (abandoned)
        {
            Interlocked.Increment(ref _canceled);
        }

        Interlocked.Increment(ref _ended);
    }

    public CoalescingStats Snapshot()
    {
        // Read what can only be behind first: an execution ends after it starts, and a reset takes a started
        // total that was current then, so neither difference can come out negative.
        var ended = Volatile.Read(ref _ended);
        var startedAtReset = Volatile.Read(ref _startedAtReset);
        var started = Volatile.Read(ref _started);
        return new CoalescingStats(
            Volatile.Read(ref _hits),
            started - startedAtReset,
            Volatile.Read(ref _errors),
            (int)(started - ended))
        {
            Canceled = Volatile.Read(ref _canceled),
            Remote = Volatile.Read(ref _remote),
            RemoteFallbacks = Volatile.Read(ref _remoteFallbacks),
            RemoteTakeovers = Volatile.Read(ref _remoteTakeovers),
        };
    }

    /// <summary>Adds the figures of two sets of counters, as the coalescer's totals add up its scopes.</summary>
    public static CoalescingStats Add(CoalescingStats total, CoalescingStats more) => new(
        total.Hits + more.Hits,
        total.Misses + more.Misses,
        total.Errors + more.Errors,
        total.Active + more.Active)
    {
        Canceled = total.Canceled + more.Canceled,
        Remote = total.Remote + more.Remote,
        RemoteFallbacks = total.RemoteFallbacks + more.RemoteFallbacks,
        RemoteTakeovers = total.RemoteTakeovers + more.RemoteTakeovers,
    };

    // Active is a gauge of what runs now, not a counter: resetting it would make it lie.
    public void Reset()
    {
        Interlocked.Exchange(ref _hits, 0);
        Interlocked.Exchange(ref _startedAtReset, Volatile.Read(ref _started));
        Interlocked.Exchange(ref _errors, 0);
        Interlocked.Exchange(ref _canceled, 0);
        Interlocked.Exchange(ref _remote, 0);
        Interlocked.Exchange(ref _remoteFallbacks, 0);
        Interlocked.Exchange(ref _remoteTakeovers, 0);
    }
}
