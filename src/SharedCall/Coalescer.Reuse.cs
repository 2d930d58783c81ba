using SharedCall.Internal;

namespace SharedCall;

public sealed partial class Coalescer
{
    private WindowSweeper? _windows;

    /// <summary>Gets the time source of timeouts and reuse windows.</summary>
    internal TimeProvider TimeProvider { get; }

    /// <summary>Remembers a result kept for reuse, so that it leaves the table when its window is over.</summary>
    internal void RememberWindow(Flight flight)
    {
        // A result kept until it is forgotten never needs sweeping.
        if (flight.WindowEnd == long.MaxValue)
        {
            return;
        }

        var windows = Volatile.Read(ref _windows);
        if (windows is null)
        {
            Interlocked.CompareExchange(ref _windows, new WindowSweeper(_table, TimeProvider), null);
            windows = _windows;
        }

        windows.Add(flight);
    }

    // Reached only when a flight refused a caller (every caller cancelled, or it is a kept result): never on a join.
    private bool IsReusable(Flight flight)
    {
        var windowEnd = flight.WindowEnd;
        return windowEnd != 0 && flight.IsCompleted && TimeProvider.GetTimestamp() < windowEnd;
    }

    private bool IsOverWindow(Flight flight)
    {
        var windowEnd = flight.WindowEnd;
        return windowEnd != 0 && flight.IsCompleted && TimeProvider.GetTimestamp() >= windowEnd;
    }
}
