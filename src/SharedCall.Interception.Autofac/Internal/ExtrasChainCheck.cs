using Autofac.Core;
using Autofac.Core.Resolving.Pipeline;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// Outside Autofac.Extras.DynamicProxy's proxying: when the proxy it made coalesces (its chain holds
/// <see cref="CoalescingInterceptor"/>), checks what our own integration checks at the first resolve: a marked method
/// that cannot be coalesced, a [Coalesced] on the class only, in a class proxy a coalesced method that is not virtual,
/// and with a cross-process level, a coalesced method whose arguments or result cannot cross processes.
/// </summary>
/// <remarks>Each check runs once per class; later resolves cost a look at the proxy's interceptors and a cached lookup.</remarks>
internal sealed class ExtrasChainCheck : IResolveMiddleware
{
    public static readonly ExtrasChainCheck Instance = new();

    private ExtrasChainCheck()
    {
    }

    public PipelinePhase Phase => PipelinePhase.Activation;

    public void Execute(ResolveRequestContext context, Action<ResolveRequestContext> next)
    {
        next(context);
        if (context.Instance is not { } instance || !CoalescingProxy.IsCoalescing(instance))
        {
            return;
        }

        try
        {
            Check(instance);
        }
        catch (InvalidOperationException exception)
        {
            throw new DependencyResolutionException(exception.Message, exception);
        }
    }

    public override string ToString() => "Coalescing check (Autofac.Extras.DynamicProxy)";

    private static void Check(object proxy)
    {
        var target = ((IProxyTargetAccessor)proxy).DynProxyGetTarget();
        if (target is not null && !ReferenceEquals(target, proxy))
        {
            // An interface proxy: Extras proxies every public interface of the instance.
            var targetType = target.GetType();
            foreach (var service in targetType.GetInterfaces().Where(ProxyUtil.IsAccessible))
            {
                CoalescingProxy.ValidateInterfaceProxy(service, targetType);
            }
        }
        else if (proxy.GetType().BaseType is { } proxiedClass)
        {
            // A class proxy (EnableClassInterceptors()): the proxy derives from the registered class.
            CoalescingProxy.ValidateClassProxy(proxiedClass);
        }

        CoalescingProxy.ValidateCrossProcess(proxy);
    }
}
