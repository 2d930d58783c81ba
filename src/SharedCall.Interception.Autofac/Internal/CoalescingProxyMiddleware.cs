using Autofac;
using Autofac.Core;
using Autofac.Core.Resolving.Pipeline;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// Activation middleware that replaces the activated instance with a coalescing proxy over it. It runs before
/// sharing stores the instance, so singletons and scoped instances are stored as the proxy, while disposal
/// tracking still sees the real instance.
/// </summary>
internal sealed class CoalescingProxyMiddleware : IResolveMiddleware
{
    public static readonly CoalescingProxyMiddleware Instance = new();

    private CoalescingProxyMiddleware()
    {
    }

    public PipelinePhase Phase => PipelinePhase.Activation;

    public void Execute(ResolveRequestContext context, Action<ResolveRequestContext> next)
    {
        next(context);
        var instance = context.Instance;
        if (instance is null || ProxyFactory.IsCoalescingProxy(instance))
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

        if (!context.TryResolve<CoalescingInterceptor>(out var interceptor))
        {
            throw new DependencyResolutionException(ErrorMessages.MissingRegisterCoalescing(context.Registration.Activator.LimitType));
        }

        context.Instance = services.Activator.Create(instance, interceptor.CastleInterceptors);
    }

    public override string ToString() => "Coalescing proxy (EnableInterfaceInterceptors)";
}
