using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace SharedCall.Internal;

/// <summary>The in-process flight table: a <see cref="ConcurrentDictionary{TKey, TValue}"/>.</summary>
internal sealed class InMemoryFlightTable : IFlightTable
{
    private readonly ConcurrentDictionary<FlightKey, Flight> _flights = new();

    public int Count => _flights.Count;

    public bool TryGet(in FlightKey key, [MaybeNullWhen(false)] out Flight flight) => _flights.TryGetValue(key, out flight);

    public bool TryAdd(Flight flight) => _flights.TryAdd(flight.Key, flight);

    // Removing the pair, not the key, is what stops a forgotten execution that completes late from
    // evicting its successor (the bug of Go's singleflight in golang/go#31420). The key compares by reference
    // only: a throwing Equals of another key in the bucket must not stop an outcome being published.
    public bool TryRemove(Flight flight) => _flights.TryRemove(KeyValuePair.Create(flight.Key.ForRemoval(), flight));

    public bool Remove(in FlightKey key) => _flights.TryRemove(key, out _);

    public void Clear() => _flights.Clear();
}
