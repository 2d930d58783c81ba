using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SharedCall.Internal;

/// <summary>The names of the meter, activity source, instruments and tags: a public contract for dashboards.</summary>
internal static class Telemetry
{
    public const string Name = "SharedCall";
    public const string ExecuteActivity = "sharedcall.execute";

    public const string CoalescerTag = "sharedcall.coalescer";
    public const string OperationTag = "sharedcall.operation";
    public const string OutcomeTag = "sharedcall.outcome";
    public const string CallersTag = "sharedcall.callers";

    public static readonly object Leader = "leader";
    public static readonly object Joined = "joined";

    /// <summary>The meter of coalescers made without an <see cref="IMeterFactory"/>.</summary>
    public static readonly Meter SharedMeter = new(Name);

    public static readonly ActivitySource ActivitySource = new(Name);
}
