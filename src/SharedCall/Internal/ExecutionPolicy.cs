namespace SharedCall.Internal;

/// <summary>What an operation asks of its executions beyond coalescing: a timeout, a reuse window. Immutable.</summary>
internal sealed class ExecutionPolicy
{
    private ExecutionPolicy(TimeSpan timeout, TimeSpan reuseFor)
    {
        Timeout = timeout;
        ReuseFor = reuseFor;
    }

    public TimeSpan Timeout { get; }

    public TimeSpan ReuseFor { get; }

    public bool TimesOut => Timeout != System.Threading.Timeout.InfiniteTimeSpan;

    public bool ReusesResults => ReuseFor != TimeSpan.Zero;

    /// <summary>Gets the policy of <paramref name="timeout"/> and <paramref name="reuseFor"/>, or null when both are the defaults.</summary>
    public static ExecutionPolicy? For(TimeSpan timeout, TimeSpan reuseFor) =>
        timeout == System.Threading.Timeout.InfiniteTimeSpan && reuseFor == TimeSpan.Zero ? null : new(timeout, reuseFor);

    /// <summary>Gets the timestamp (of <paramref name="time"/>) when a window that opens at <paramref name="now"/> ends.</summary>
    public long WindowEnd(TimeProvider time, long now) =>
        ReuseFor == System.Threading.Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : now + (long)(ReuseFor.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
