using Microsoft.Extensions.Logging;

namespace SharedCall.Redis.Internal;

/// <summary>
/// Skips Redis for <see cref="RedisSettings.BreakDuration"/> after it failed, so that while it is away no call waits for
/// it. An outage is logged once when it starts and once when Redis answers again.
/// </summary>
internal sealed partial class CircuitBreaker(RedisSettings settings)
{
    private long _openUntil;
    private int _outage;

    public bool IsOpen => Environment.TickCount64 < Volatile.Read(ref _openUntil);

    /// <summary>Gets how many times Redis was found unreachable or failing.</summary>
    public long Trips => Interlocked.Read(ref _trips);

    private long _trips;

    public void Trip(Exception? exception)
    {
        Interlocked.Increment(ref _trips);
        Volatile.Write(ref _openUntil, Environment.TickCount64 + (long)settings.BreakDuration.TotalMilliseconds);
        if (Interlocked.Exchange(ref _outage, 1) == 0)
        {
            LogUnreachable(settings.Logger, settings.BreakDuration, exception?.GetType().Name ?? "not connected");
        }
    }

    public void Succeeded()
    {
        if (Volatile.Read(ref _outage) == 1 && Interlocked.Exchange(ref _outage, 0) == 1)
        {
            LogResumed(settings.Logger);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Redis is unreachable ({Reason}): calls are coalesced in this process only; Redis is tried again every {BreakDuration}.")]
    private static partial void LogUnreachable(ILogger logger, TimeSpan breakDuration, string reason);

    [LoggerMessage(2, LogLevel.Information, "Redis is reachable again: calls are coalesced across processes.")]
    private static partial void LogResumed(ILogger logger);
}
