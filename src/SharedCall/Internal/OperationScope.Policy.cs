using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace SharedCall.Internal;

internal sealed partial class OperationScope
{
    /// <summary>Gets the timeout and reuse window of the operation's executions, or null (the usual case) for none.</summary>
    public ExecutionPolicy? Policy { get; }

    /// <summary>Gets whether the executions have a timeout, so their work needs a token source even when no caller can cancel.</summary>
    public bool TimesOut => Policy is { TimesOut: true };

    /// <summary>Gets a scope that counts and reports as this one and applies <paramref name="policy"/>.</summary>
    public OperationScope WithPolicy(ExecutionPolicy policy) => new(this, policy);

    /// <summary>Counts a caller served a result kept from an execution that completed (a reuse window).</summary>
    public void CallerReused()
    {
        Stats.CallerJoined();
        if (_metrics.Calls.Enabled)
        {
            _metrics.Calls.Add(1, Tags(Telemetry.Reused));
        }
    }

    // Out of line: only executions whose operation has a policy come here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartPolicy(Flight flight)
    {
        if (Policy!.TimesOut)
        {
            flight.StartDeadline(Owner.TimeProvider, Policy.Timeout);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RecordFailure(Flight flight)
    {
        var tags = Tags();
        tags.Add(Telemetry.ErrorTypeTag, flight.ErrorType);
        _metrics.Failures.Add(1, tags);
    }

    /// <summary>The message of an execution's <see cref="TimeoutException"/>: the operation and the timeout, never the key.</summary>
    public string TimeoutMessage() => ErrorMessages.TimedOut(Operation ?? _coalescerName, Policy!.Timeout);

    /// <summary>Marks a failed execution's activity as an error, with its <c>error.type</c>.</summary>
    private static void MarkFailed(Activity activity, string errorType)
    {
        activity.SetStatus(ActivityStatusCode.Error);
        activity.SetTag(Telemetry.ErrorTypeTag, errorType);
    }
}
