using System.Runtime.CompilerServices;
using Autofac;
using Autofac.Core;
using Autofac.Core.Lifetime;
using Autofac.Core.Resolving.Pipeline;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// Activation middleware that replaces the activated instance with a coalescing proxy over it. It runs before
/// sharing stores the instance, so singletons and scoped instances are stored as the proxy, while disposal
/// tracking still sees the real instance.
/// </summary>
internal sealed class CoalescingProxyMiddleware : IResolveMiddleware
{
    public static readonly CoalescingProxyMiddleware Instance = new(ExecutionScope.Own, outside: false);

    public static readonly CoalescingProxyMiddleware CallerScope = new(ExecutionScope.Caller, outside: false);

    /// <summary>Gets the middleware that makes our proxy outside Extras' one (see <see cref="ExtrasPipelines"/>).</summary>
    public static readonly CoalescingProxyMiddleware Outside = new(ExecutionScope.Own, outside: true);

    /// <summary>Gets <see cref="Outside"/> for <see cref="ExecutionScope.Caller"/>.</summary>
    public static readonly CoalescingProxyMiddleware OutsideCallerScope = new(ExecutionScope.Caller, outside: true);

    private static readonly TypedService s_interceptorService = new(typeof(CoalescingInterceptor));
    private static readonly ConditionalWeakTable<IComponentRegistry, CoalescingInterceptor> s_singletonInterceptors = new();

    private readonly ExecutionScope _executionScope;
    private readonly bool _outside;

    private CoalescingProxyMiddleware(ExecutionScope executionScope, bool outside)
    {
        _executionScope = executionScope;
        _outside = outside;
    }

    /// <summary>Gets the middleware that does what this one does, from outside Extras' proxy.</summary>
    public CoalescingProxyMiddleware MovedOutside => _executionScope == ExecutionScope.Own ? Outside : OutsideCallerScope;

    public PipelinePhase Phase => PipelinePhase.Activation;

    public void Execute(ResolveRequestContext context, Action<ResolveRequestContext> next)
    {
        next(context);
        var instance = context.Instance;
        // A chain that coalesces already (Extras' own EnableInterfaceInterceptors() applied before ours with the
        // coalescing interceptor) is not wrapped again: coalescing twice would fail every call.
        if (instance is null || CoalescingProxy.IsCoalescing(instance))
        {
            return;
        }

        var services = ProxiedServices.Of(context.Registration);
        if (services.MovedOutside != _outside)
        {
            return;
        }

        if (services.Error is not null)
        {
            throw new DependencyResolutionException(services.Error);
        }

        var chain = services.Check(context.Registration, instance.GetType());
        if (services.Primary is null && chain is null)
        {
            return;
        }

        var interceptor = services.Primary is null ? null : InterceptorFor(context);
        if (interceptor is null && services.Primary is not null)
        {
            throw new DependencyResolutionException(ErrorMessages.MissingRegisterCoalescing(context.Registration.Activator.LimitType));
        }

        var coalescing = interceptor is null ? null : ExecutionScopes.InterceptorFor(context, interceptor, _executionScope);
        context.Instance = chain is null
            ? services.Activator.Create(instance, coalescing!)
            : chain.CreateProxy(context, instance, services, coalescing);
    }

    public override string ToString() => "Coalescing proxy (EnableInterfaceInterceptors)";

    // A resolve from inside the pipeline is most of what a scoped proxy costs to resolve. An interceptor
    // registered as a container-wide singleton (RegisterCoalescing's) is the same object for every resolve against
    // the same registry, so it is kept per registry; any other registration is resolved every time, as before.
    private static CoalescingInterceptor? InterceptorFor(ResolveRequestContext context)
    {
        var registry = context.ComponentRegistry;
        if (s_singletonInterceptors.TryGetValue(registry, out var cached))
        {
            return cached;
        }

        if (!context.TryResolve<CoalescingInterceptor>(out var interceptor))
        {
            return null;
        }

        if (registry.TryGetRegistration(s_interceptorService, out var registration)
            && registration.Lifetime is RootScopeLifetime
            && registration.Sharing == InstanceSharing.Shared)
        {
            s_singletonInterceptors.TryAdd(registry, interceptor);
        }

        return interceptor;
    }
}
