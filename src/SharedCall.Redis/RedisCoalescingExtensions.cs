using SharedCall.Redis.Internal;
using StackExchange.Redis;

namespace SharedCall.Redis;

/// <summary>Makes a coalescer's executions fleet-wide: one execution per key across every process that shares a Redis.</summary>
public static class RedisCoalescingExtensions
{
    /// <summary>
    /// Adds a Redis level to the coalescer these options build, connecting to <paramref name="configuration"/> in the
    /// background: calls made before the connection is up, or while Redis is unreachable, are coalesced in this process.
    /// </summary>
    /// <param name="options">The coalescer's options.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, such as <c>"localhost:6379"</c>.</param>
    /// <param name="configure">Changes the Redis level's settings; optional.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="configuration"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    /// <remarks>
    /// The connection never fails a call: it is made with <c>abortConnect=false</c> and fail-fast backlog, so commands
    /// issued while it is down fail at once and the call runs in this process. It lives as long as the process.
    /// </remarks>
    public static CoalescerOptions UseRedis(this CoalescerOptions options, string configuration, Action<RedisCoalescingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = RedisSettings.From(configure);
        var redis = ConfigurationOptions.Parse(configuration);
        redis.AbortOnConnectFail = false;
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        options.RemoteCoalescing = new RedisCoalescing(new RedisConnection(ConnectionMultiplexer.ConnectAsync(redis)), settings);
        return options;
    }

    /// <summary>Adds a Redis level, on a connection the application owns, to the coalescer these options build.</summary>
    /// <param name="options">The coalescer's options.</param>
    /// <param name="multiplexer">The connection; the application keeps it open and disposes of it.</param>
    /// <param name="configure">Changes the Redis level's settings; optional.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="multiplexer"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    /// <remarks>
    /// While the connection is down calls are coalesced in this process and do not wait for it; configure it with
    /// <c>abortConnect=false</c> so that it reconnects by itself.
    /// </remarks>
    public static CoalescerOptions UseRedis(this CoalescerOptions options, IConnectionMultiplexer multiplexer, Action<RedisCoalescingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(multiplexer);
        options.RemoteCoalescing = new RedisCoalescing(new RedisConnection(multiplexer), RedisSettings.From(configure));
        return options;
    }
}
