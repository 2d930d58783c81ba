using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// The Castle interceptor our proxies carry: it hands every call straight to <see cref="CoalescingInterceptor"/>,
/// whose method plans already know each return shape, so Castle.Core.AsyncInterceptor's adapter (which works the
/// shape out again on every call) stays off the hot path.
/// </summary>
internal sealed class PlanInterceptor(CoalescingInterceptor owner) : IInterceptor
{
    public CoalescingInterceptor Owner { get; } = owner;

    public void Intercept(IInvocation invocation) => Owner.Intercept(invocation);
}
