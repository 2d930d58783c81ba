using Autofac;
using Autofac.Core;
using Autofac.Core.Resolving.Pipeline;
using Castle.DynamicProxy;

using SharedCall.Interception.Advanced;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// The interceptors a registration names the way Autofac.Extras.DynamicProxy users name them (<c>InterceptedBy(...)</c>,
/// <c>[Intercept]</c>), which our <c>EnableInterfaceInterceptors()</c> applies too, so importing both namespaces never
/// drops one. The user's interceptors run in their order, outside coalescing: they see every call, and only the
/// target's execution is shared.
/// </summary>
internal sealed class InterceptorChain
{
    // A generator of this package's own, as Extras keeps one: these proxies intercept every method (or what the
    // user's options choose), so they are other types than our coalescing-only proxies.
    private static readonly ProxyGenerator s_generator = new();

    private readonly Service[] _services;
    private readonly ProxyGenerationOptions _options;
    private readonly Type[] _additionalInterfaces;

    private InterceptorChain(Service[] services, ProxySettings? settings)
    {
        _services = services;
        _options = settings?.Options ?? ProxyGenerationOptions.Default;
        _additionalInterfaces = settings?.AdditionalInterfaces ?? [];
    }

    /// <summary>Gets the chain of a registration, or <see langword="null"/> when it names no interceptor and no options.</summary>
    public static InterceptorChain? Of(IComponentRegistration registration, Type implementationType)
    {
        var services = ExtrasContract.InterceptorServices(registration, implementationType);
        var settings = registration.Metadata.TryGetValue(ProxySettings.MetadataKey, out var value) ? value as ProxySettings : null;
        return services.Length == 0 && settings is null ? null : new InterceptorChain(services, settings);
    }

    /// <summary>
    /// Makes the proxy over <paramref name="instance"/>: the user's interceptors, then <paramref name="coalescing"/>
    /// (innermost) when the registration has coalesced methods. Interceptors already in the chain of a proxy the
    /// instance is (one that Extras' own <c>EnableInterfaceInterceptors()</c> made) are not applied twice.
    /// </summary>
    public object CreateProxy(ResolveRequestContext context, object instance, ProxiedServices services, CoalescingInterceptor? coalescing)
    {
        var applied = instance is IProxyTargetAccessor accessor ? accessor.GetInterceptors() : [];
        var interceptors = new List<IInterceptor>(_services.Length + 1);
        foreach (var service in _services)
        {
            var interceptor = AsInterceptor(context.ResolveService(service), service, context.Registration);
            if (interceptor is not null && !Array.Exists(applied, a => ReferenceEquals(a, interceptor) || a.GetType() == interceptor.GetType()))
            {
                interceptors.Add(interceptor);
            }
        }

        if (coalescing is not null)
        {
            interceptors.AddRange(CoalescingProxyActivator.CastleInterceptorsOf(coalescing));
        }

        var interfaces = services.Interfaces.Concat(_additionalInterfaces.Where(i => i.IsInstanceOfType(instance))).Distinct().ToArray();
        if (interceptors.Count == 0 || interfaces.Length == 0)
        {
            return instance;
        }

        // With a target interface, so that an execution of its own can run on a target from its own scope.
        return s_generator.CreateInterfaceProxyWithTargetInterface(interfaces[0], interfaces[1..], instance, _options, [.. interceptors]);
    }

    // The coalescing interceptor, however it is listed, is left out: it is added once, innermost.
    private static IInterceptor? AsInterceptor(object resolved, Service service, IComponentRegistration registration) => resolved switch
    {
        CoalescingInterceptor or AsyncDeterminationInterceptor { AsyncInterceptor: CoalescingInterceptor } => null,
        IInterceptor interceptor => interceptor,
        IAsyncInterceptor asyncInterceptor => asyncInterceptor.ToInterceptor(),
        _ => throw new DependencyResolutionException(ErrorMessages.NotAnInterceptor(registration.Activator.LimitType, service, resolved.GetType())),
    };
}
