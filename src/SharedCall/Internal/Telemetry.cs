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
    public const string ErrorTypeTag = "error.type";

    /// <summary>Why a cross-process level ran the work here, or why an execution stayed in this process: a fixed word, never a key.</summary>
    public const string RemoteReasonTag = "sharedcall.remote.reason";

    public const string FallbackEvent = "sharedcall.remote.fallback";
    public const string TakeoverEvent = "sharedcall.remote.takeover";

    /// <summary>The reasons of <c>sharedcall.remote.kept_local</c>.</summary>
    public const string KeyNotString = "key_not_string";
    public const string CrossProcessOff = "cross_process_off";

    /// <summary>The <c>error.type</c> of an execution that ran past its timeout.</summary>
    public const string TimeoutErrorType = "timeout";

    public static readonly object Leader = "leader";
    public static readonly object Joined = "joined";
    public static readonly object Reused = "reused";
    public static readonly object Remote = "remote";

    /// <summary>The meter of coalescers made without an <see cref="IMeterFactory"/>.</summary>
    public static readonly Meter SharedMeter = new(Name);

    public static readonly ActivitySource ActivitySource = new(Name);
}
