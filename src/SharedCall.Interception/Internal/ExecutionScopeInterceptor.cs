using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// The second interceptor of a proxy whose executions own their scope: it opens the execution's scope, moves the call
/// to a target resolved from it, and disposes the scope when the target's work returns.
/// </summary>
/// <remarks>
/// Only a leader's <see cref="IInvocation.Proceed"/> reaches it (joined callers never proceed, and unmarked methods
/// never reach an interceptor), so a scope is made per execution, never per call, and the join path pays nothing.
/// The target changes for this invocation only (<see cref="IChangeProxyTarget.ChangeInvocationTarget"/>): the proxy
/// keeps its own target for every other call.
/// </remarks>
internal sealed class ExecutionScopeInterceptor(IExecutionTargetSource source) : IInterceptor
{
    public void Intercept(IInvocation invocation)
    {
        var plan = MethodPlans.Get(invocation.Method);
        if (plan is null || invocation is not IChangeProxyTarget change)
        {
            invocation.Proceed();
            return;
        }

        var execution = source.Open();
        try
        {
            change.ChangeInvocationTarget(execution.Target);
            invocation.Proceed();
        }
        catch
        {
            ExecutionRelease.DisposeNow(execution);
            throw;
        }

        invocation.ReturnValue = ExecutionRelease.After(plan, invocation.ReturnValue, execution);
    }
}
