using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// What the leader of an execution needs to run the target: handed to the core as state, so no closure is allocated.
/// </summary>
/// <remarks>
/// The proceed info is captured while the interceptor is still on the stack: proceeding through it later runs the
/// target, whereas <see cref="IInvocation.Proceed"/> after the interceptor returned would enter the interceptor again.
/// </remarks>
internal readonly struct LeaderCall(IInvocation invocation, int cancellationTokenIndex)
{
    private readonly IInvocationProceedInfo _proceed = invocation.CaptureProceedInfo();

    /// <summary>Runs the target with the execution's shared token in place of the leader's own, and returns what it returned.</summary>
    public object? Proceed(CancellationToken sharedToken)
    {
        if (cancellationTokenIndex >= 0)
        {
            invocation.SetArgumentValue(cancellationTokenIndex, sharedToken);
        }

        _proceed.Invoke();
        return invocation.ReturnValue;
    }
}
