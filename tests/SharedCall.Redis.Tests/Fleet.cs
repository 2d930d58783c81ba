using SharedCall.Redis.Internal;
using StackExchange.Redis;

namespace SharedCall.Redis.Tests;

/// <summary>One "process" of a fleet: its own connection, its own coalescer with a Redis level.</summary>
public sealed class FleetProcess : IDisposable
{
    private FleetProcess(ConnectionMultiplexer connection, Coalescer coalescer)
    {
        Connection = connection;
        Coalescer = coalescer;
        Remote = (RedisCoalescing)coalescer.RemoteCoalescing!;
    }

    public ConnectionMultiplexer Connection { get; }

    public Coalescer Coalescer { get; }

    internal RedisCoalescing Remote { get; }

    public static FleetProcess Start(
        TestServer server,
        string prefix,
        Action<RedisCoalescingOptions>? configure = null,
        bool useScripts = true,
        Action<CoalescerOptions>? coalescer = null)
    {
        var connection = server.Connect();
        var options = new CoalescerOptions { Name = "catalog" };
        coalescer?.Invoke(options);
        options.UseRedis(connection, redis =>
        {
            redis.KeyPrefix = prefix;
            redis.PollInterval = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(redis);
        });
        if (!useScripts)
        {
            var remote = (RedisCoalescing)options.RemoteCoalescing!;
            remote.Settings.UseScripts = false;
            options.RemoteCoalescing = new RedisCoalescing(new RedisConnection(connection), remote.Settings);
        }

        return new FleetProcess(connection, new Coalescer(options));
    }

    /// <summary>Waits (bounded) until this process's leader is waiting for another process's execution <paramref name="count"/> times.</summary>
    public Task UntilWaitingAsync(long count = 1) => Bounded.UntilAsync(() => Remote.Waits >= count, $"{count} remote wait(s)");

    public void Dispose() => Connection.Dispose();
}

/// <summary>Work whose executions are counted and which runs until the test lets it finish.</summary>
public sealed class GatedWork<T>(T result)
{
    private int _executions;

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Executions => Volatile.Read(ref _executions);

    public Exception? Failure { get; init; }

    /// <summary>Counts an execution of synchronous work, which does not wait for <see cref="Release"/>.</summary>
    public void Count() => Interlocked.Increment(ref _executions);

    public async Task<T> RunAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _executions);
        Started.TrySetResult();
        await Release.Task.WaitAsync(cancellationToken);
        return Failure is null ? result : throw Failure;
    }
}
