using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// What the leader of an execution needs to run the target: handed to the core as state, so no closure is allocated.
/// </summary>
/// <remarks>
/// The core runs the leader's work inline, before <c>Run</c>/<c>RunAsync</c> returns, so <see cref="Proceed"/> runs
/// while the interceptor is still on the stack, and a plain <see cref="IInvocation.Proceed"/> reaches the next
/// interceptor or the target. <see cref="IInvocation.CaptureProceedInfo"/>, needed only to proceed after the
/// interceptor has returned, would cost every leader an allocation.
/// <para>
/// With a cross-process level the work runs later, after a Redis round trip: then the caller captures
/// <paramref name="proceedLater"/> and the target is reached through it.
/// </para>
/// </remarks>
internal readonly struct LeaderCall(IInvocation invocation, int cancellationTokenIndex, IInvocationProceedInfo? proceedLater = null)
{
    /// <summary>Gets what a leader needs to proceed after the interceptor returned, when <paramref name="coalescer"/> has a remote level; otherwise null.</summary>
    public static IInvocationProceedInfo? ProceedLater(Coalescer coalescer, IInvocation invocation) =>
        coalescer.RemoteCoalescing is null ? null : invocation.CaptureProceedInfo();

    /// <summary>Runs the target with the execution's shared token in place of the leader's own, and returns what it returned.</summary>
    public object? Proceed(CancellationToken sharedToken)
    {
        // Setting an argument boxes the token (24 B): skip it when the caller's is already the one the work gets,
        // as when neither can be cancelled.
        if (cancellationTokenIndex >= 0 && !sharedToken.Equals(invocation.Arguments[cancellationTokenIndex]))
        {
            invocation.SetArgumentValue(cancellationTokenIndex, sharedToken);
        }

        if (proceedLater is null)
        {
            invocation.Proceed();
        }
        else
        {
            proceedLater.Invoke();
        }

        // Read at once: the target's own task, before anything else can replace the return value.
        return invocation.ReturnValue;
    }
}
