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
/// proxy-generation hook, so unmarked methods never reach it. It is also a Castle <see cref="IInterceptor"/>, so it
/// works wherever Castle or Autofac.Extras.DynamicProxy expects one: <c>InterceptedBy(typeof(CoalescingInterceptor))</c>,
/// <c>[Intercept(typeof(CoalescingInterceptor))]</c>, or <c>new ProxyGenerator().CreateInterfaceProxyWithTarget(target, interceptor)</c>.
/// Pass <see cref="CoalescingProxy.GenerationOptions"/> to such a proxy so that only marked methods reach it.
/// </para>
/// <para>
/// In a chain of interceptors, the interceptors outside this one see every call; those inside it (and the target)
/// see only the call that leads an execution, since joined callers never proceed. Listed twice in one chain, it
/// coalesces once: the inner occurrence passes the leader's call on.
/// </para>
/// <para>
/// The key of a call is the interface method and its arguments (or the method's key template), never the target:
/// proxies over different targets that share one coalescer coalesce with each other.
/// </para>
/// </remarks>
public sealed class CoalescingInterceptor : IAsyncInterceptor, IInterceptor
{
    private readonly IExecutionTargetSource? _executionTargets;

    // The invocation whose call this thread is coalescing through IInterceptor.Intercept: a second occurrence of the
    // interceptor in the same chain gets the leader's call synchronously, inside the first's, and must pass it on.
    [ThreadStatic]
    private static IInvocation? t_coalescing;

    private IInterceptor[]? _castleInterceptors;

    /// <summary>Initializes a new interceptor that coalesces through <paramref name="coalescer"/>.</summary>
    /// <param name="coalescer">The coalescer; calls coalesce with every other call made through it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="coalescer"/> is null.</exception>
    public CoalescingInterceptor(Coalescer coalescer)
    {
        ArgumentNullException.ThrowIfNull(coalescer);
        Coalescer = coalescer;
    }

    /// <summary>
    /// Initializes a new interceptor whose executions each run on a target of their own, from
    /// <paramref name="executionTargets"/> (see <see cref="IExecutionTargetSource"/>).
    /// </summary>
    /// <param name="coalescer">The coalescer; calls coalesce with every other call made through it.</param>
    /// <param name="executionTargets">Opens each execution's scope and resolves its target.</param>
    /// <remarks>
    /// The execution targets apply to proxies made by this package and its container integrations. Used through
    /// <c>IAsyncInterceptor.ToInterceptor()</c> in a proxy you build yourself, the call runs on your proxy's target.
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public CoalescingInterceptor(Coalescer coalescer, IExecutionTargetSource executionTargets)
        : this(coalescer)
    {
        ArgumentNullException.ThrowIfNull(executionTargets);
        _executionTargets = executionTargets;
    }

    /// <summary>Gets the coalescer the calls go through.</summary>
    public Coalescer Coalescer { get; }

    /// <summary>Gets this interceptor as the interceptor array of a Castle proxy, made once.</summary>
    /// <remarks>
    /// Our proxies skip Castle.Core.AsyncInterceptor's adapter, which works out every call's return shape again:
    /// a method's plan already knows it, and the adapter's per-call work showed in the cost of a call that joins.
    /// Every proxy shares the array (Castle only reads it), so a scoped proxy allocates nothing but itself. With
    /// execution targets, a second interceptor follows: only a leader's call proceeds, so only a leader reaches it.
    /// </remarks>
    internal IInterceptor[] CastleInterceptors => _castleInterceptors ??= _executionTargets is null
        ? [new PlanInterceptor(this)]
        : [new PlanInterceptor(this), new ExecutionScopeInterceptor(_executionTargets)];

    /// <inheritdoc/>
    public void InterceptSynchronous(IInvocation invocation) => Intercept(invocation);

    /// <inheritdoc/>
    public void InterceptAsynchronous(IInvocation invocation) => Intercept(invocation);

    /// <inheritdoc/>
    public void InterceptAsynchronous<TResult>(IInvocation invocation) => Intercept(invocation);

    /// <summary>Coalesces a call of a marked method; passes any other call on to the next interceptor or the target.</summary>
    /// <param name="invocation">The call.</param>
    /// <remarks>
    /// A class proxy's call of a method that implements a coalesced interface method is coalesced as that method.
    /// Our own proxies skip this entry point (and its check for a second occurrence in the chain).
    /// </remarks>
    void IInterceptor.Intercept(IInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var plan = ReferenceEquals(t_coalescing, invocation) ? null : MethodPlans.Get(invocation.Method);
        if (plan is null)
        {
            invocation.Proceed();
            return;
        }

        var outer = t_coalescing;
        t_coalescing = invocation;
        try
        {
            plan.Intercept(Coalescer, invocation);
        }
        finally
        {
            t_coalescing = outer;
        }
    }

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
