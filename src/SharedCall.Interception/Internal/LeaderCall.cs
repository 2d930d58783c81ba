using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// What the leader of an execution needs to run the target: handed to the core as state, so no closure is allocated.
/// </summary>
/// <remarks>
/// The core runs the leader's work inline, before <c>Run</c>/<c>RunAsync</c> returns, so <see cref="Proceed"/> runs
/// while the interceptor is still on the stack: the proceed info it captures points at the target. Capturing it
/// there rather than up front spares every joined caller the allocation, since only the leader proceeds.
/// </remarks>
internal readonly struct LeaderCall(IInvocation invocation, int cancellationTokenIndex)
{
    /// <summary>Runs the target with the execution's shared token in place of the leader's own, and returns what it returned.</summary>
    public object? Proceed(CancellationToken sharedToken)
    {
        var proceed = invocation.CaptureProceedInfo();
        if (cancellationTokenIndex >= 0)
        {
            invocation.SetArgumentValue(cancellationTokenIndex, sharedToken);
        }

        proceed.Invoke();

        // Read at once: the target's own task, before anything else can replace the return value.
        return invocation.ReturnValue;
    }
}
