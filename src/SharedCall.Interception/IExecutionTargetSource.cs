namespace SharedCall.Interception;

/// <summary>
/// Opens the scope of one execution and resolves the target it runs on: the seam through which a container
/// integration gives each execution a scope of its own (<see cref="ExecutionScope.Own"/>).
/// </summary>
/// <remarks>
/// <para>
/// A proxy whose <see cref="CoalescingInterceptor"/> was made with a source calls <see cref="Open"/> once per execution,
/// on the leader's thread, just before the target runs: never for a caller that joins, never for an unmarked method.
/// The call then runs on <see cref="IExecutionTarget.Target"/> instead of the proxy's own target, and the
/// <see cref="IExecutionTarget"/> is disposed when the target's work returns (its task completes, or its synchronous
/// call returns or throws), whether the execution succeeded, failed, was abandoned by every caller or timed out.
/// If disposing throws, the execution fails with that exception, as a <c>using</c> block would.
/// </para>
/// <para>
/// Implementations must be safe to call from several threads at once. An exception from <see cref="Open"/> fails the
/// execution: every caller gets it.
/// </para>
/// </remarks>
public interface IExecutionTargetSource
{
    /// <summary>Opens a scope for one execution and resolves the target from it.</summary>
    /// <returns>The target and the scope that owns it.</returns>
    IExecutionTarget Open();
}
