namespace SharedCall.Internal;

/// <summary>The table of executions in flight, keyed by the callers' key.</summary>
/// <remarks>
/// This is the seam where a cross-process table can later sit beside the in-memory one.
/// Implementations must be safe for concurrent use, and every operation must be O(1).
/// </remarks>
internal interface IFlightTable
{
    /// <summary>Gets the number of executions in the table.</summary>
    int Count { get; }

    /// <summary>Finds the execution in flight for <paramref name="key"/>, or returns null.</summary>
    Flight? Find(FlightKey key);

    /// <summary>Adds <paramref name="flight"/> under its key unless an entry for that key exists.</summary>
    bool TryAdd(Flight flight);

    /// <summary>Removes <paramref name="flight"/> only if it is still the entry for its key.</summary>
    bool TryRemove(Flight flight);

    /// <summary>Removes whatever entry <paramref name="key"/> has.</summary>
    bool Remove(FlightKey key);

    void Clear();
}
