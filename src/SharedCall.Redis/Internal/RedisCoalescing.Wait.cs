using StackExchange.Redis;

namespace SharedCall.Redis.Internal;

internal sealed partial class RedisCoalescing
{
    /// <summary>
    /// Waits for the outcome of the execution that holds the lease as <paramref name="owner"/>. Returns the outcome;
    /// <see cref="RemoteOutcomeKind.None"/> when the lease is gone without one (its leader cancelled, failed to write, or
    /// the data was flushed), so the caller takes the key over; <see cref="RemoteOutcomeKind.RunLocally"/> past
    /// <see cref="RedisSettings.MaxWait"/>.
    /// </summary>
    private async Task<RemoteOutcome<T>> WaitAsync<T>(IConnectionMultiplexer redis, RedisKeys keys, string owner, long deadline, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        while (true)
        {
            if (!redis.IsConnected)
            {
                // Lost the connection while waiting: run here rather than wait for commands that cannot be answered.
                Breaker.Trip(null);
                return RemoteOutcome<T>.RunLocally(RemoteReasons.RedisError);
            }

            // Registered before the check: a completion announced after it sets this signal.
            var signal = _signals.Register(keys.Name);
            try
            {
                // The lease first: a leader writes its result and deletes its lease in one step, so a lease found
                // gone here has its result visible to the read after it (read the other way round, a completion
                // between the two reads would look like a leader that left without a result).
                var batch = database.CreateBatch();
                var leaseRead = batch.StringGetAsync(keys.Lease);
                var resultRead = batch.StringGetAsync(keys.Result);
                batch.Execute();
                var lease = (string?)await leaseRead.ConfigureAwait(false);
                var outcome = Payload.Read<T>(await resultRead.ConfigureAwait(false), owner, settings);
                if (outcome.Kind != RemoteOutcomeKind.None)
                {
                    return outcome;
                }

                if (lease is null)
                {
                    return default;
                }

                if (lease != owner)
                {
                    owner = lease; // Another process took the key over: wait for its execution instead.
                    continue;
                }

                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                {
                    return RemoteOutcome<T>.RunLocally(RemoteReasons.MaxWait);
                }

                await WaitForSignalAsync(signal.Task, Math.Min(remaining, NextPoll()), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _signals.Unregister(keys.Name, signal);
            }
        }
    }

    private static async Task WaitForSignalAsync(Task signal, long milliseconds, CancellationToken cancellationToken)
    {
        try
        {
            await signal.WaitAsync(TimeSpan.FromMilliseconds(milliseconds), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // No message: poll.
        }
    }

    // The poll interval with ±50% jitter, so that the waiters of many processes do not poll in step.
    private long NextPoll() => Math.Max(1, (long)(settings.PollInterval.TotalMilliseconds * (0.5 + Random.Shared.NextDouble())));
}
