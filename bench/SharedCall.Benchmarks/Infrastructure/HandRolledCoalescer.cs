using System.Collections.Concurrent;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>
/// The coalescer people write by hand, and the reference the core must beat: a dictionary of <see cref="Lazy{T}"/> tasks,
/// removed after the await with an identity check. It does less than the core: no per-caller cancellation, no
/// re-entrancy check, no stats, and callers keep joining a completed task until the first finisher removes it.
/// </summary>
public sealed class HandRolledCoalescer<T>
{
    private readonly ConcurrentDictionary<object, Lazy<Task<T>>> _flights = new();

    public int Count => _flights.Count;

    public async Task<T> RunAsync(object key, Func<CancellationToken, Task<T>> work)
    {
        var flight = _flights.GetOrAdd(key, static (_, work) => new Lazy<Task<T>>(() => work(CancellationToken.None)), work);
        try
        {
            return await flight.Value.ConfigureAwait(false);
        }
        finally
        {
            _flights.TryRemove(KeyValuePair.Create(key, flight));
        }
    }
}
