namespace SharedCall.Internal;

/// <summary>What an operation asks of its executions beyond coalescing: a timeout, a reuse window, staying in-process. Immutable.</summary>
internal sealed class ExecutionPolicy
{
    private ExecutionPolicy(TimeSpan timeout, TimeSpan reuseFor, bool localOnly)
    {
        Timeout = timeout;
        ReuseFor = reuseFor;
        LocalOnly = localOnly;
    }

    public TimeSpan Timeout { get; }

    public TimeSpan ReuseFor { get; }

    /// <summary>Gets whether the executions skip the coalescer's remote level (<see cref="CoalescingOperation.CrossProcess"/> false).</summary>
    public bool LocalOnly { get; }

    public bool TimesOut => Timeout != System.Threading.Timeout.InfiniteTimeSpan;

    public bool ReusesResults => ReuseFor != TimeSpan.Zero;

    /// <summary>Gets the policy of <paramref name="timeout"/>, <paramref name="reuseFor"/> and <paramref name="localOnly"/>, or null when all are the defaults.</summary>
    public static ExecutionPolicy? For(TimeSpan timeout, TimeSpan reuseFor, bool localOnly) =>
        timeout == System.Threading.Timeout.InfiniteTimeSpan && reuseFor == TimeSpan.Zero && !localOnly
            ? null
            : new(timeout, reuseFor, localOnly);

    /// <summary>Gets the timestamp (of <paramref name="time"/>) when a window that opens at <paramref name="now"/> ends.</summary>
    public long WindowEnd(TimeProvider time, long now) =>
        ReuseFor == System.Threading.Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : now + (long)(ReuseFor.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
