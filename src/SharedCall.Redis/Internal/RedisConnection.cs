using StackExchange.Redis;

namespace SharedCall.Redis.Internal;

/// <summary>The connection a Redis level uses: the application's, or one it connects to in the background.</summary>
internal sealed class RedisConnection
{
    private readonly Task<ConnectionMultiplexer>? _connecting;
    private IConnectionMultiplexer? _multiplexer;

    public RedisConnection(IConnectionMultiplexer multiplexer) => _multiplexer = multiplexer;

    public RedisConnection(Task<ConnectionMultiplexer> connecting)
    {
        _connecting = connecting;

        // A failed connect (a configuration that cannot work) leaves the level off: observed here, never thrown at a caller.
        _ = connecting.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>Gets whether the first connect of <c>UseRedis(string)</c> is still under way (not an outage yet).</summary>
    public bool IsConnecting => _connecting is { IsCompleted: false };

    /// <summary>Disposes the connection this level made itself (tests; an application's own connection is left alone).</summary>
    public async Task DisposeOwnedAsync()
    {
        if (_connecting is not null)
        {
            await (await _connecting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Gets the connection when it is up; null while it connects or is down, so that no call waits for it.</summary>
    public IConnectionMultiplexer? Connected
    {
        get
        {
            var multiplexer = _multiplexer;
            if (multiplexer is null && _connecting is { IsCompletedSuccessfully: true } connecting)
            {
                _multiplexer = multiplexer = connecting.Result;
            }

            return multiplexer is { IsConnected: true } ? multiplexer : null;
        }
    }
}
