namespace SharedCall.Internal;

/// <summary>One execution of work for a key, as the flight table stores it.</summary>
internal abstract class Flight
{
    protected Flight(FlightKey key) => Key = key;

    public FlightKey Key { get; }

    public abstract Type ResultType { get; }
}
