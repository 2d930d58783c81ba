namespace SharedCall.Internal;

/// <summary>
/// Removes kept results from the table once their reuse window is over: one timer per coalescer, never one per key,
/// armed only while kept results wait.
/// </summary>
/// <remarks>
/// A kept result a caller finds after its window is removed there and then; the sweep is for the keys nobody asks for
/// again, so that a stream of distinct keys leaves nothing behind. The timer fires at the earliest window's end found
/// by the last sweep (at the latest one second later, so a flood of new windows is swept in batches).
/// </remarks>
internal sealed class WindowSweeper
{
    private static readonly TimeSpan s_maxWait = TimeSpan.FromSeconds(1);

    private readonly IFlightTable _table;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _sweep = new();
    private List<Flight> _pending = [];
    private bool _armed;

    public WindowSweeper(IFlightTable table, TimeProvider time)
    {
        _table = table;
        _time = time;
        _timer = time.CreateTimer(static sweeper => ((WindowSweeper)sweeper!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets how many kept results wait for their window to end.</summary>
    public int Count
    {
        get
        {
            lock (_sweep)
            {
                return _pending.Count;
            }
        }
    }

    public void Add(Flight flight)
    {
        lock (_sweep)
        {
            _pending.Add(flight);
            if (!_armed)
            {
                _armed = true;
                _timer.Change(Wait(flight.WindowEnd, _time.GetTimestamp()), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Sweep()
    {
        lock (_sweep)
        {
            var now = _time.GetTimestamp();
            var waiting = new List<Flight>();
            var earliest = long.MaxValue;
            foreach (var flight in _pending)
            {
                if (flight.WindowEnd <= now)
                {
                    _table.TryRemove(flight);
                }
                else
                {
                    waiting.Add(flight);
                    earliest = Math.Min(earliest, flight.WindowEnd);
                }
            }

            _pending = waiting;
            _armed = waiting.Count > 0;
            if (_armed)
            {
                _timer.Change(Wait(earliest, now), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private TimeSpan Wait(long windowEnd, long now)
    {
        if (windowEnd == long.MaxValue)
        {
            return s_maxWait;
        }

        var wait = _time.GetElapsedTime(now, windowEnd);
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < s_maxWait ? wait : s_maxWait;
    }
}
