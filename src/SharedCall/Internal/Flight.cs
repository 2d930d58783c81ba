using System.Diagnostics;

namespace SharedCall.Internal;

/// <summary>One execution of work for a key, as the flight table stores it.</summary>
internal abstract class Flight
{
    protected Flight(FlightKey key) => Key = key;

    public FlightKey Key { get; }

    public abstract Type ResultType { get; }

    /// <summary>Gets or sets when the execution started, for its duration; 0 when no one measured it.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>Gets or sets whether the execution was counted in <c>sharedcall.in_flight</c>, so it is uncounted once.</summary>
    public bool InFlightRecorded { get; set; }

    /// <summary>Gets or sets the execution's activity, when someone listens to traces.</summary>
    public Activity? Activity { get; set; }
}
