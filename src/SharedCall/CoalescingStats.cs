namespace SharedCall;

/// <summary>A snapshot of a <see cref="Coalescer"/>'s counters.</summary>
/// <param name="Hits">Callers that joined an execution already in flight instead of starting their own.</param>
/// <param name="Misses">Executions started: callers that found no execution in flight and ran the work.</param>
/// <param name="Errors">Executions whose work failed (threw, or returned a faulted task).</param>
/// <param name="Active">Executions in flight at the moment of the snapshot.</param>
public readonly record struct CoalescingStats(long Hits, long Misses, long Errors, int Active)
{
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
