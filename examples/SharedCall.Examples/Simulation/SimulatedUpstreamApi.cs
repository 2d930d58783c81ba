using System.Threading.RateLimiting;

namespace SharedCall.Examples.Simulation;

/// <summary>Thrown when the simulated upstream API rejects a call: its HTTP 429.</summary>
public sealed class RateLimitedException() : Exception("429 Too Many Requests: the upstream API allows 10 calls per second");

/// <summary>
/// A simulated third-party API with a sliding-window rate limit (10 calls per second, no queue) and ~50 ms latency.
/// </summary>
public sealed class SimulatedUpstreamApi : IDisposable
{
    private readonly SlidingWindowRateLimiter _limiter = new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = 10,
        Window = TimeSpan.FromSeconds(1),
        SegmentsPerWindow = 10,
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    private readonly TimeSpan _latency = TimeSpan.FromMilliseconds(50);
    private int _calls;
    private int _rejected;

    /// <summary>Gets how many calls reached the upstream API, accepted or rejected.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Gets how many calls the upstream API rejected.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    public async Task<T> CallAsync<T>(Func<T> response, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        // The round trip: a rejected call (HTTP 429) travels the network too.
        await Task.Delay(_latency, cancellationToken);
        using var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            Interlocked.Increment(ref _rejected);
            throw new RateLimitedException();
        }

        return response();
    }

    public void Dispose() => _limiter.Dispose();
}
