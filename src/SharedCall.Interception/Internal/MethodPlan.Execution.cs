namespace SharedCall.Interception.Internal;

internal sealed partial class MethodPlan
{
    private Func<object?, IExecutionTarget, object?>? _releaseAfterExecution;

    /// <summary>
    /// Returns the <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c> a leader's target returned, or one that completes
    /// like it once the execution's scope is disposed (see <see cref="ExecutionRelease"/>).
    /// </summary>
    /// <remarks>Built on the first execution that owns a scope: plans of proxies without one never pay for it.</remarks>
    public object? ReleaseAfterExecution(object? returned, IExecutionTarget execution)
    {
        var release = _releaseAfterExecution ??= ExecutionRelease.ForResult(Shape, Method.ReturnType.GetGenericArguments()[0]);
        return release(returned, execution);
    }
}
