using SharedCall.Advanced;
using StackExchange.Redis;

namespace SharedCall.Redis.Internal;

internal sealed partial class RedisCoalescing
{
    /// <summary>
    /// Runs the work under the lease <paramref name="token"/> holds, extending it every third of its time, then writes the
    /// outcome, deletes the lease and announces the completion. When every local caller cancelled, the lease is released
    /// without an outcome, so a waiting process takes over. Redis failing after the work started never changes what the
    /// local callers get.
    /// </summary>
    private async Task<T> LeadAsync<T>(IDatabase database, RedisKeys keys, string token, RemoteExecution execution, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var renewal = new CancellationTokenSource();
        _ = ExtendWhileRunningAsync(database, keys, token, renewal.Token);
        T result;
        try
        {
            result = await work(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            await FinishAsync(database, keys, token, execution, payload: null, RemoteReasons.LeaseReleased, reason: null).ConfigureAwait(false);
            throw;
        }
        catch (Exception exception)
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            await FinishAsync(database, keys, token, execution, Payload.ForFailure(exception, token), RemoteReasons.ResultPublished, reason: null).ConfigureAwait(false);
            throw;
        }

        await renewal.CancelAsync().ConfigureAwait(false);
        var payload = Payload.ForResult(result, token, settings, out var unshared);
        var step = unshared is null ? RemoteReasons.ResultPublished : RemoteReasons.ResultNotShared;
        await FinishAsync(database, keys, token, execution, payload, step, unshared).ConfigureAwait(false);
        return result;
    }

    /// <summary>Completes the lease and announces it; <paramref name="step"/> (with <paramref name="reason"/>) is the activity event of a completion that went through.</summary>
    private async Task FinishAsync(IDatabase database, RedisKeys keys, string token, RemoteExecution execution, byte[]? payload, string step, string? reason)
    {
        try
        {
            if (!await _lease.CompleteAsync(database, keys, token, payload).ConfigureAwait(false))
            {
                execution.RecordStep(RemoteReasons.LeaseLost);
                return;
            }

            await database.PublishAsync(keys.Channel, keys.Name).ConfigureAwait(false);
            execution.RecordStep(step, reason);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            // The lease expires by itself; the waiters find it gone and take over.
            Breaker.Trip(exception);
            execution.RecordStep(RemoteReasons.LeaseLost, RemoteReasons.RedisError);
        }
    }

    private async Task ExtendWhileRunningAsync(IDatabase database, RedisKeys keys, string token, CancellationToken stop)
    {
        var period = settings.LeaseTime / 3;
        try
        {
            while (true)
            {
                await Task.Delay(period, stop).ConfigureAwait(false);
                if (!await _lease.ExtendAsync(database, keys, token).ConfigureAwait(false))
                {
                    return; // Lost (expired, flushed): the work goes on for the local callers; its outcome will not be written.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            // Redis is away: the lease expires, and the completion's own command reports the outage.
        }
    }
}
