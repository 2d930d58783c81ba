using Castle.DynamicProxy;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception;

/// <summary>
/// The Castle DynamicProxy interceptor that coalesces calls of <see cref="CoalescedAttribute"/> methods through a
/// <see cref="SharedCall.Coalescer"/>. Methods that are not marked are passed to the target unchanged.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="CoalescingProxy.Create{T}(T, Coalescer)"/> and the container integrations use this interceptor with a
/// proxy-generation hook, so unmarked methods never reach it. Use it directly, through
/// <c>IAsyncInterceptor.ToInterceptor()</c>, only when you build proxies yourself.
/// </para>
/// <para>
/// The key of a call is the interface method and its arguments (or the method's key template), never the target:
/// proxies over different targets that share one coalescer coalesce with each other.
/// </para>
/// </remarks>
public sealed class CoalescingInterceptor : IAsyncInterceptor
{
    private IInterceptor[]? _castleInterceptors;

    /// <summary>Initializes a new interceptor that coalesces through <paramref name="coalescer"/>.</summary>
    /// <param name="coalescer">The coalescer; calls coalesce with every other call made through it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="coalescer"/> is null.</exception>
    public CoalescingInterceptor(Coalescer coalescer)
    {
        ArgumentNullException.ThrowIfNull(coalescer);
        Coalescer = coalescer;
    }

    /// <summary>Gets the coalescer the calls go through.</summary>
    internal Coalescer Coalescer { get; }

    /// <summary>Gets this interceptor as the interceptor array of a Castle proxy, made once.</summary>
    /// <remarks>
    /// Our proxies skip Castle.Core.AsyncInterceptor's adapter, which works out every call's return shape again:
    /// a method's plan already knows it, and the adapter's per-call work showed in the cost of a call that joins.
    /// Every proxy shares the array (Castle only reads it), so a scoped proxy allocates nothing but itself.
    /// </remarks>
    internal IInterceptor[] CastleInterceptors => _castleInterceptors ??= [new PlanInterceptor(this)];

    /// <inheritdoc/>
    public void InterceptSynchronous(IInvocation invocation) => Intercept(invocation);

    /// <inheritdoc/>
    public void InterceptAsynchronous(IInvocation invocation) => Intercept(invocation);

    /// <inheritdoc/>
    public void InterceptAsynchronous<TResult>(IInvocation invocation) => Intercept(invocation);

    /// <summary>Coalesces a call of a marked method through its plan; passes any other call to the target.</summary>
    internal void Intercept(IInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var plan = MethodPlans.Get(invocation.Method);
        if (plan is null)
        {
            invocation.Proceed();
            return;
        }

        plan.Intercept(Coalescer, invocation);
    }
}
