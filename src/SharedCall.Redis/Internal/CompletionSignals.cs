using System.Collections.Concurrent;
using StackExchange.Redis;

namespace SharedCall.Redis.Internal;

/// <summary>
/// Wakes this process's waiters when another process announces a completion. One subscription per channel (one per
/// coalescer name), made on first use; a message is a lease key's name. A waiter registers (and the subscription is up)
/// before it re-checks the key, so a completion announced after its check always wakes it; a message lost while the
/// subscription reconnects costs the waiter one poll.
/// </summary>
internal sealed class CompletionSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _subscriptions = new(StringComparer.Ordinal);

    /// <summary>Subscribes to <paramref name="channel"/> once; a failed subscription is tried again by the next waiter.</summary>
    public Task SubscribeAsync(IConnectionMultiplexer redis, RedisChannel channel)
    {
        var name = channel.ToString();
        if (_subscriptions.TryGetValue(name, out var subscribed) && !subscribed.IsFaulted && !subscribed.IsCanceled)
        {
            return subscribed;
        }

        var subscribing = redis.GetSubscriber().SubscribeAsync(channel, (_, message) => Signal(message.ToString()));
        _subscriptions[name] = subscribing;
        return subscribing;
    }

    /// <summary>Gets the signal that the next completion message for <paramref name="lease"/> sets.</summary>
    public TaskCompletionSource Register(string lease) =>
        _waiting.GetOrAdd(lease, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Unregister(string lease, TaskCompletionSource signal) => _waiting.TryRemove(KeyValuePair.Create(lease, signal));

    private void Signal(string lease)
    {
        if (_waiting.TryRemove(lease, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
