using System.Runtime.CompilerServices;
using Autofac;
using Autofac.Core;
using Autofac.Core.Lifetime;
using Autofac.Core.Resolving.Pipeline;
using SharedCall.Interception.Advanced;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// Activation middleware that replaces the activated instance with a coalescing proxy over it. It runs before
/// sharing stores the instance, so singletons and scoped instances are stored as the proxy, while disposal
/// tracking still sees the real instance.
/// </summary>
internal sealed class CoalescingProxyMiddleware : IResolveMiddleware
{
    public static readonly CoalescingProxyMiddleware Instance = new(ExecutionScope.Own);

    public static readonly CoalescingProxyMiddleware CallerScope = new(ExecutionScope.Caller);

    private static readonly TypedService s_interceptorService = new(typeof(CoalescingInterceptor));
    private static readonly ConditionalWeakTable<IComponentRegistry, CoalescingInterceptor> s_singletonInterceptors = new();

    private readonly ExecutionScope _executionScope;

    private CoalescingProxyMiddleware(ExecutionScope executionScope) => _executionScope = executionScope;

    public PipelinePhase Phase => PipelinePhase.Activation;

    public void Execute(ResolveRequestContext context, Action<ResolveRequestContext> next)
    {
        next(context);
        var instance = context.Instance;
        if (instance is null || CoalescingProxyActivator.IsCoalescingProxy(instance))
        {
            return;
        }

        var services = ProxiedServices.Of(context.Registration);
        if (services.Error is not null)
        {
            throw new DependencyResolutionException(services.Error);
        }

        if (services.Primary is null)
        {
            return;
        }

        var interceptor = InterceptorFor(context);
        if (interceptor is null)
        {
            throw new DependencyResolutionException(ErrorMessages.MissingRegisterCoalescing(context.Registration.Activator.LimitType));
        }

        context.Instance = services.Activator.Create(instance, ExecutionScopes.InterceptorFor(context, interceptor, _executionScope));
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
