using SharedCall.Advanced;
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
    private async Task<RemoteOutcome<T>> WaitAsync<T>(IConnectionMultiplexer redis, RedisKeys keys, string owner, WaitBaseline baseline, long deadline, CancellationToken cancellationToken)
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
                var result = (byte[]?)await resultRead.ConfigureAwait(false);
                var outcome = Payload.Read<T>(result, baseline.NewWriter(result) ?? owner, settings);
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

    /// <summary>
    /// After a wait, this call took the lease to run the work itself; but a process that took the key over first may have
    /// finished between this call's last check and its lease. Its result or failure serves this call too: the lease is
    /// released (and announced, for whoever saw it) and the outcome returned. Null: lead.
    /// </summary>
    private async Task<RemoteOutcome<T>?> ServedMeanwhileAsync<T>(IDatabase database, RedisKeys keys, string token, RemoteExecution execution, WaitBaseline baseline)
    {
        if (!baseline.IsKnown)
        {
            return null;
        }

        var result = (byte[]?)await database.StringGetAsync(keys.Result).ConfigureAwait(false);
        var outcome = baseline.NewWriter(result) is { } writer ? Payload.Read<T>(result, writer, settings) : default;
        if (outcome.Kind is not (RemoteOutcomeKind.Result or RemoteOutcomeKind.Failure))
        {
            return null; // Nothing new, or nothing that can cross: run the work under this lease.
        }

        await FinishAsync(database, keys, token, execution, payload: null, RemoteReasons.LeaseReleased, reason: null).ConfigureAwait(false);
        return outcome;
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
