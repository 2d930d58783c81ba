using System.Reflection;

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

    private static string? PolicyProblem(MethodInfo method, CoalescedAttribute attribute) =>
        attribute.TimeoutMilliseconds < 0 ? ErrorMessages.NegativePolicy(method, nameof(CoalescedAttribute.TimeoutMilliseconds), attribute.TimeoutMilliseconds)
        : attribute.ReuseForMilliseconds < 0 ? ErrorMessages.NegativePolicy(method, nameof(CoalescedAttribute.ReuseForMilliseconds), attribute.ReuseForMilliseconds)
        : null;

    // 0 means none; the values were checked by PolicyProblem when the plan was built.
    private void ApplyPolicy(CoalescedAttribute attribute)
    {
        if (attribute.TimeoutMilliseconds > 0)
        {
            Operation.Timeout = TimeSpan.FromMilliseconds(attribute.TimeoutMilliseconds);
        }

        if (attribute.ReuseForMilliseconds > 0)
        {
            Operation.ReuseFor = TimeSpan.FromMilliseconds(attribute.ReuseForMilliseconds);
        }

        // Synchronous callers cannot wait for another process without blocking a thread: they stay in theirs. Their
        // default keys are never strings; a template's is, and with a token the call goes through the core's async path.
        if (!attribute.CrossProcess || (Shape is ReturnShape.Value or ReturnShape.Void && _template is not null && CancellationTokenIndex >= 0))
        {
            Operation.CrossProcess = false;
        }
    }
}
