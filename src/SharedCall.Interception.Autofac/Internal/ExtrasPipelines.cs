using Autofac;
using Autofac.Core;
using Autofac.Core.Resolving.Pipeline;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// Adjusts, when the container is built, the pipelines of registrations that Autofac.Extras.DynamicProxy proxies too,
/// once every fluent call has been made: our proxy moves outside Extras' (which cannot proxy a proxy), and a chain of
/// Extras' that holds the coalescing interceptor is checked at the first resolve, as our own proxies are.
/// </summary>
/// <remarks>Only registrations that need it get a middleware; every other pipeline is left as it was.</remarks>
internal static class ExtrasPipelines
{
    private const string RegisteredKey = "SharedCall.Interception.Autofac.ExtrasPipelines";

    /// <summary>Watches <paramref name="builder"/>'s registrations once, however often <c>RegisterCoalescing()</c> is called.</summary>
    public static void Register(ContainerBuilder builder)
    {
        if (builder.Properties.TryAdd(RegisteredKey, null))
        {
            builder.ComponentRegistryBuilder.Registered += static (_, e) =>
            {
                var registration = e.ComponentRegistration;
                registration.PipelineBuilding += (_, pipeline) => Adjust(registration, pipeline);
            };
        }
    }

    private static void Adjust(IComponentRegistration registration, IResolvePipelineBuilder pipeline)
    {
        // Outermost first, as the pipeline runs them.
        var activation = pipeline.Middleware.Where(static m => m.Phase == PipelinePhase.Activation).ToList();
        var ours = activation.FindIndex(static m => m == CoalescingProxyMiddleware.Instance || m == CoalescingProxyMiddleware.CallerScope);
        if (ours > 0 && activation.Take(ours).Any(MayProxy))
        {
            ProxiedServices.Of(registration).MovedOutside = true;
            pipeline.Use(((CoalescingProxyMiddleware)activation[ours]).MovedOutside, MiddlewareInsertionMode.StartOfPhase);
        }
        else if (ours < 0 && Array.Exists(ExtrasContract.InterceptorServices(registration, registration.Activator.LimitType), MayBeCoalescing))
        {
            pipeline.Use(ExtrasChainCheck.Instance, MiddlewareInsertionMode.StartOfPhase);
        }
    }

    // Named interceptors are keyed services: any of them may be the coalescing interceptor.
    private static bool MayBeCoalescing(Service service) =>
        service is KeyedService || (service is TypedService typed && typed.ServiceType == typeof(CoalescingInterceptor));

    // Autofac's own activation handlers (OnActivating) never replace the instance with a proxy; anything else may.
    private static bool MayProxy(IResolveMiddleware middleware) => middleware.GetType().Name != "CoreEventMiddleware";
}
