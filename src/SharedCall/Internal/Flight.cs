using System.Diagnostics;

namespace SharedCall.Internal;

/// <summary>One execution of work for a key, as the flight table stores it.</summary>
internal abstract class Flight
{
    // Telemetry fields live apart, made only when someone measures: most executions run with no listener, and every
    // byte of the flight is paid per execution (B1, B4, B12 in bench/).
    private FlightTelemetry? _telemetry;

    protected Flight(FlightKey key) => Key = key;

    public FlightKey Key { get; }

    public abstract Type ResultType { get; }

    /// <summary>Gets or sets when the execution started, for its duration; 0 when no one measured it.</summary>
    public long StartTimestamp
    {
        get => _telemetry?.StartTimestamp ?? 0;
        set
        {
            if (value != 0 || _telemetry is not null)
            {
                TelemetryFields.StartTimestamp = value;
            }
        }
    }

    /// <summary>Gets or sets whether the execution was counted in <c>sharedcall.in_flight</c>, so it is uncounted once.</summary>
    public bool InFlightRecorded
    {
        get => _telemetry?.InFlightRecorded ?? false;
        set
        {
            if (value || _telemetry is not null)
            {
                TelemetryFields.InFlightRecorded = value;
            }
        }
    }

    /// <summary>Gets or sets the execution's activity, when someone listens to traces.</summary>
    public Activity? Activity
    {
        get => _telemetry?.Activity;
        set
        {
            if (value is not null || _telemetry is not null)
            {
                TelemetryFields.Activity = value;
            }
        }
    }

    // Set only by the leader before the work starts; others read it after the outcome is published or racily for
    // links, as before this moved here, so no interlocked publication is needed.
    private FlightTelemetry TelemetryFields => _telemetry ??= new FlightTelemetry();

    private sealed class FlightTelemetry
    {
        public long StartTimestamp { get; set; }

        public bool InFlightRecorded { get; set; }

        public Activity? Activity { get; set; }
    }
}
