using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using SharedCall.Advanced;
using StackExchange.Redis;

namespace SharedCall.Redis.Internal;

/// <summary>
/// The Redis level of a coalescer: the process's local leader of a key either takes the key's lease and runs the work
/// (<see cref="LeadAsync"/>), or waits for the process that holds it (<see cref="WaitAsync"/>). Redis never fails a
/// call: when it is unreachable or a command fails, the work runs in this process.
/// </summary>
internal sealed partial class RedisCoalescing(RedisConnection connection, RedisSettings settings) : Advanced.RemoteCoalescing
{
    private readonly LeaseCommands _lease = new(settings);
    private readonly CompletionSignals _signals = new();
    private readonly ConcurrentDictionary<Type, string?> _resultTypes = new();

    public CircuitBreaker Breaker { get; } = new(settings);

    public RedisSettings Settings => settings;

    /// <summary>Gets whether the connection is up now (calls would go through Redis unless the breaker is open).</summary>
    public bool IsConnected => connection.Connected is not null;

    /// <summary>Gets whether the first connect of <c>UseRedis(string)</c> is still under way.</summary>
    public bool IsConnecting => connection.IsConnecting;

    /// <summary>Disposes the connection <c>UseRedis(string)</c> made (tests).</summary>
    public Task DisposeOwnedConnectionAsync() => connection.DisposeOwnedAsync();

    /// <summary>Gets how many times a leader of this process started waiting for another process's execution.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    private long _waits;

    // A failed or timed-out command (RedisTimeoutException is a TimeoutException, not a RedisException).
    // RedisCommandException is the client refusing a command (not RedisException): a Redis failure too, never the caller's.
    private static bool IsRedisFailure(Exception exception) => exception is RedisException or RedisTimeoutException or RedisCommandException;

    public override Task<T> RunAsync<T>(string coalescer, string operation, string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var execution = RemoteExecution.Of(work);
        if (Breaker.IsOpen)
        {
            execution.RecordFallback(RemoteReasons.CircuitOpen);
            return work(cancellationToken);
        }

        if (connection.Connected is not { } redis)
        {
            // Still making its first connection: run here without calling it an outage.
            if (!connection.IsConnecting)
            {
                Breaker.Trip(null);
            }

            execution.RecordFallback(connection.IsConnecting ? RemoteReasons.Connecting : RemoteReasons.RedisError);
            return work(cancellationToken);
        }

        return RunAsync(redis, RedisKeys.For<T>(settings.KeyPrefix, coalescer, operation, key), execution, work, cancellationToken);
    }

    public override bool SupportsResultType(Type resultType, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(resultType);
        reason = _resultTypes.GetOrAdd(resultType, static (type, options) => ResultTypeProbe.FindProblem(type, options), settings.SerializerOptions);
        return reason is null;
    }

    private async Task<T> RunAsync<T>(IConnectionMultiplexer redis, RedisKeys keys, RemoteExecution execution, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var token = Payload.NewToken();
        var deadline = settings.MaxWait == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)settings.MaxWait.TotalMilliseconds;
        var baseline = new WaitBaseline();
        var waited = false;
        while (true)
        {
            bool leads;
            string? owner = null;
            RemoteOutcome<T>? served = null;
            try
            {
                leads = await _lease.TryAcquireAsync(database, keys, token).ConfigureAwait(false);
                if (leads)
                {
                    served = await ServedMeanwhileAsync<T>(database, keys, token, execution, baseline).ConfigureAwait(false);
                }
                else
                {
                    owner = await database.StringGetAsync(keys.Lease).ConfigureAwait(false);
                    await _signals.SubscribeAsync(redis, keys.Channel).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (IsRedisFailure(exception))
            {
                return await FallBackAsync(exception, execution, work, cancellationToken).ConfigureAwait(false);
            }

            // Outside the try: the work's own exceptions (a RedisException from the application's Redis included) are its outcome.
            if (leads)
            {
                Breaker.Succeeded();
                if (served is { } outcomeMeanwhile)
                {
                    // Another process's takeover finished while this one looked: its outcome serves this call too.
                    execution.RecordStep(RemoteReasons.ResultReceived);
                    return outcomeMeanwhile.Kind == RemoteOutcomeKind.Result ? outcomeMeanwhile.Value : throw outcomeMeanwhile.Failure!;
                }

                execution.RecordStep(RemoteReasons.LeaseAcquired);
                if (waited)
                {
                    execution.RecordTakeover();
                }

                return await LeadAsync(database, keys, token, execution, work, cancellationToken).ConfigureAwait(false);
            }

            if (owner is null)
            {
                continue; // Released between the two commands: try to take it.
            }

            RemoteOutcome<T> outcome;
            Interlocked.Increment(ref _waits);
            execution.RecordStep(RemoteReasons.Waiting);
            waited = true;
            try
            {
                outcome = await WaitAsync<T>(redis, keys, owner, baseline, deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsRedisFailure(exception))
            {
                return await FallBackAsync(exception, execution, work, cancellationToken).ConfigureAwait(false);
            }

            switch (outcome.Kind)
            {
                case RemoteOutcomeKind.Result:
                    execution.RecordStep(RemoteReasons.ResultReceived);
                    return outcome.Value;
                case RemoteOutcomeKind.Failure:
                    execution.RecordStep(RemoteReasons.ResultReceived);
                    throw outcome.Failure!;
                case RemoteOutcomeKind.RunLocally:
                    execution.RecordFallback(outcome.Reason!);
                    return await work(cancellationToken).ConfigureAwait(false);
                default:
                    continue; // The lease is gone without an outcome for us: take it over.
            }
        }
    }

    private Task<T> FallBackAsync<T>(Exception exception, RemoteExecution execution, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        Breaker.Trip(exception);
        execution.RecordFallback(RemoteReasons.RedisError);
        return work(cancellationToken);
    }
}
