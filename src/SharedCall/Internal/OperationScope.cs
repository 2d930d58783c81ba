using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SharedCall.Internal;

/// <summary>
/// What a call needs besides its key: the coalescer's table, the counters to update (one set per scope: the
/// coalescer's own calls, or one named operation's) and the telemetry to record. One per coalescer and operation name, made once.
/// </summary>
internal sealed partial class OperationScope
{
    private readonly CoalescerMetrics _metrics;
    private readonly string _coalescerName;
    private readonly bool _crossProcess;

    public OperationScope(Coalescer owner, IFlightTable table, CoalescerMetrics metrics, string? operation)
    {
        Owner = owner;
        Table = table;
        _metrics = metrics;
        _coalescerName = owner.Name;
        _crossProcess = owner.RemoteCoalescing is not null;
        Operation = operation;
    }

    // A scope with a policy shares everything else with the plain scope of its name (see WithPolicy).
    private OperationScope(OperationScope shared, ExecutionPolicy policy)
    {
        Owner = shared.Owner;
        Table = shared.Table;
        _metrics = shared._metrics;
        _coalescerName = shared._coalescerName;
        _crossProcess = shared._crossProcess;
        Operation = shared.Operation;
        Stats = shared.Stats;
        Policy = policy;
    }

    public Coalescer Owner { get; }

    public IFlightTable Table { get; }

    public string? Operation { get; }

    /// <summary>Gets the counters of the calls made in this scope.</summary>
    /// <remarks>
    /// Each call counts once, in its own scope: the coalescer's totals are the sum over its scopes, added up when
    /// someone asks (<see cref="Coalescer.GetStats()"/>), so a named operation's call costs no second set of atomics.
    /// </remarks>
    public StatsCounters Stats { get; } = new();

    public void ExecutionStarted(Flight flight)
    {
        Stats.ExecutionStarted();
        if (Policy is not null)
        {
            StartPolicy(flight);
        }

        var metrics = _metrics;
        if (metrics.Calls.Enabled)
        {
            CountLeader(flight);
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

    // With a cross-process level, whether this process runs the work is known only at the end: the leader's call is
    // counted then, as leader or remote (see ExecutionEnded).
    private void CountLeader(Flight flight)
    {
        if (_crossProcess)
        {
            flight.LeaderCountPending = true;
        }
        else
        {
            _metrics.Calls.Add(1, Tags(Telemetry.Leader));
        }
    }

    public void CallerJoined(Flight flight)
    {
        Stats.CallerJoined();

        if (_metrics.Calls.Enabled || flight.Activity is not null)
        {
            ReportJoin(flight);
        }
    }

    // Kept out of CallerJoined, which is inlined into every join: a tag list is a large struct, and inlined it would
    // make every join zero its stack space, listened to or not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportJoin(Flight flight)
    {
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

    /// <param name="flight">The execution.</param>
    /// <param name="failed">Whether its work failed or timed out.</param>
    /// <param name="abandoned">Whether every caller cancelled: counted as canceled, never as a failure.</param>
    /// <param name="callers">The callers it served.</param>
    public void ExecutionEnded(Flight flight, bool failed, bool abandoned, int callers)
    {
        failed &= !abandoned;
        Stats.ExecutionEnded(failed, abandoned);

        var metrics = _metrics;
        if (failed && metrics.Failures.Enabled)
        {
            RecordFailure(flight);
        }

        if (!flight.HasExtras)
        {
            // Nobody measured this execution: nothing below applies (the usual case, one type check).
            return;
        }

        if (flight.LeaderCountPending)
        {
            metrics.Calls.Add(1, Tags(flight.ServedRemotely ? Telemetry.Remote : Telemetry.Leader));
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
                MarkFailed(activity, flight.ErrorType);
            }

            activity.Stop();
        }
    }

    /// <summary>Starts the execution's activity; the caller checks that someone listens, and restores <see cref="Activity.Current"/>.</summary>
    public Activity? StartExecution()
    {
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
