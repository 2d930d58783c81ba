using System.Diagnostics;

namespace SharedCall.Internal;

/// <summary>
/// What a call needs besides its key: the coalescer's table, the counters to update (the coalescer's and, for a
/// named operation, the operation's) and the telemetry to record. One per coalescer and operation name, made once.
/// </summary>
internal sealed class OperationScope
{
    private readonly StatsCounters _coalescerStats;
    private readonly CoalescerMetrics _metrics;
    private readonly string _coalescerName;

    public OperationScope(Coalescer owner, IFlightTable table, StatsCounters coalescerStats, CoalescerMetrics metrics, string? operation)
    {
        Owner = owner;
        Table = table;
        _coalescerStats = coalescerStats;
        _metrics = metrics;
        _coalescerName = owner.Name;
        Operation = operation;
        OperationStats = operation is null ? null : new StatsCounters();
    }

    public Coalescer Owner { get; }

    public IFlightTable Table { get; }

    public string? Operation { get; }

    /// <summary>Gets the operation's own counters; null for calls made without an operation.</summary>
    public StatsCounters? OperationStats { get; }

    public void ExecutionStarted(Flight flight)
    {
        _coalescerStats.ExecutionStarted();
        OperationStats?.ExecutionStarted();

        var metrics = _metrics;
        if (metrics.Calls.Enabled)
        {
            metrics.Calls.Add(1, Tags(Telemetry.Leader));
        }

        if (metrics.ExecutionMeasured)
        {
            flight.StartTimestamp = Stopwatch.GetTimestamp();
            if (metrics.InFlight.Enabled)
            {
                metrics.InFlight.Add(1, Tags());
                flight.InFlightRecorded = true;
            }
        }
    }

    public void CallerJoined(Flight flight)
    {
        _coalescerStats.CallerJoined();
        OperationStats?.CallerJoined();

        if (_metrics.Calls.Enabled)
        {
            _metrics.Calls.Add(1, Tags(Telemetry.Joined));
        }

        // The joined caller's own span (an HTTP request, say) points at the execution that served it.
        if (flight.Activity is { } execution && Activity.Current is { Recorded: true } current && current != execution)
        {
            current.AddLink(new ActivityLink(execution.Context));
        }
    }

    public void ExecutionEnded(Flight flight, bool failed, int callers)
    {
        _coalescerStats.ExecutionEnded(failed);
        OperationStats?.ExecutionEnded(failed);

        var metrics = _metrics;
        if (failed && metrics.Failures.Enabled)
        {
            metrics.Failures.Add(1, Tags());
        }

        if (!flight.HasExtras)
        {
            // Nobody measured this execution: nothing below applies (the usual case, one type check).
            return;
        }

        if (flight.InFlightRecorded)
        {
            metrics.InFlight.Add(-1, Tags());
        }

        if (flight.StartTimestamp != 0)
        {
            metrics.Duration.Record(Stopwatch.GetElapsedTime(flight.StartTimestamp).TotalSeconds, Tags());
            metrics.Callers.Record(callers, Tags());
        }

        if (flight.Activity is { } activity)
        {
            activity.SetTag(Telemetry.CallersTag, callers);
            if (failed)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }

            activity.Stop();
        }
    }

    /// <summary>Starts the execution's activity when someone listens; the caller restores <see cref="Activity.Current"/>.</summary>
    public Activity? StartExecution()
    {
        if (!Telemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = Telemetry.ActivitySource.StartActivity(Telemetry.ExecuteActivity, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Telemetry.CoalescerTag, _coalescerName);
            if (Operation is not null)
            {
                activity.SetTag(Telemetry.OperationTag, Operation);
            }
        }

        return activity;
    }

    private TagList Tags()
    {
        var tags = new TagList { { Telemetry.CoalescerTag, _coalescerName } };
        if (Operation is not null)
        {
            tags.Add(Telemetry.OperationTag, Operation);
        }

        return tags;
    }

    private TagList Tags(object outcome)
    {
        var tags = Tags();
        tags.Add(Telemetry.OutcomeTag, outcome);
        return tags;
    }
}
