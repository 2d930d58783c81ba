namespace SharedCall;

/// <summary>A snapshot of a <see cref="Coalescer"/>'s counters.</summary>
/// <param name="Hits">Callers that joined an execution already in flight instead of starting their own.</param>
/// <param name="Misses">Executions started: callers that found no execution in flight and ran the work.</param>
/// <param name="Errors">Executions whose work failed (threw, or returned a faulted or cancelled task) or timed out.</param>
/// <param name="Active">Executions in flight at the moment of the snapshot.</param>
public readonly record struct CoalescingStats(long Hits, long Misses, long Errors, int Active)
{
    /// <summary>Gets the executions abandoned because every caller cancelled (client disconnects): not errors.</summary>
    /// <value>Counted apart from <see cref="Errors"/>, whatever the work then did; 0 unless set.</value>
    public long Canceled { get; init; }

    /// <summary>Gets the executions led in this process that another process's execution served (a cross-process level, such as SharedCall.Redis).</summary>
    /// <value>Counted in <see cref="Misses"/> too: this process started them, but did not run their work. 0 without a cross-process level.</value>
    public long Remote { get; init; }

    /// <summary>Gets the executions the cross-process level could not serve and ran in this process instead (Redis away, a result too large, a wait past its bound).</summary>
    /// <value>0 without a cross-process level.</value>
    public long RemoteFallbacks { get; init; }

    /// <summary>Gets the executions this process took over after another process's execution ended without an outcome (its leader cancelled or died).</summary>
    /// <value>0 without a cross-process level.</value>
    public long RemoteTakeovers { get; init; }

    /// <summary>Gets the share of callers that were served by another caller's execution.</summary>
    /// <value><c>Hits / (Hits + Misses)</c>, or 0 when both are 0.</value>
    public double HitRate
    {
        get
        {
            var calls = Hits + Misses;
            return calls == 0 ? 0d : (double)Hits / calls;
        }
    }
}
