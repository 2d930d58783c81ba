using Microsoft.Extensions.DependencyInjection;
using SharedCall.Interception.Advanced;

namespace SharedCall.Interception.DependencyInjection.Internal;

/// <summary>
/// Replaces each registration of a service with a coalescing proxy over the original, which moves under a private key.
/// </summary>
/// <remarks>
/// Keeping the original as a (keyed) registration of its own means the container still creates it, injects its
/// dependencies and disposes it; the proxy only forwards. This works the same for type, factory and instance
/// registrations, keyed or not. The proxy takes the original's lifetime; the original keeps it too, except that a
/// scoped original becomes transient under its key (see <see cref="MoveUnder"/>): still one per scope.
/// </remarks>
internal static class ServiceDecorator
{
    public static void Decorate(IServiceCollection services, Type service, ExecutionScope executionScope)
    {
        if (!service.IsInterface)
        {
            throw new InvalidOperationException(ErrorMessages.NotAnInterface(service));
        }

        // A [Coalesced] on the class instead of the interface fails with the message that says so, wherever the
        // class is known now; a factory's class is checked at its first resolve.
        foreach (var descriptor in services.Where(d => d.ServiceType == service))
        {
            if (ImplementationTypeOf(descriptor) is { } implementation)
            {
                CoalescingProxy.ValidateInterfaceProxy(service, implementation);
            }
        }

        if (!CoalescingProxy.HasCoalescedMethods(service))
        {
            throw new InvalidOperationException(ErrorMessages.NoCoalescedMethods(service));
        }

        // A signature that cannot be coalesced fails here, at registration, rather than at the first resolve.
        CoalescingProxyActivator.EnsureCanProxy(service);

        var registrations = 0;
        for (var i = 0; i < services.Count; i++)
        {
            var original = services[i];
            if (original.ServiceType != service)
            {
                continue;
            }

            // Calling Coalesce<T>() again wraps only what was registered since.
            registrations++;
            if (IsDecorated(original))
            {
                continue;
            }

            var inner = new InnerKey(original.IsKeyedService ? original.ServiceKey : null);
            services[i] = Proxy(service, original, inner, executionScope);
            services.Add(MoveUnder(original, inner));
        }

        if (registrations == 0)
        {
            throw new InvalidOperationException(ErrorMessages.NotRegistered(service));
        }
    }

    private static Type? ImplementationTypeOf(ServiceDescriptor descriptor) => descriptor.IsKeyedService
        ? descriptor.KeyedImplementationType ?? descriptor.KeyedImplementationInstance?.GetType()
        : descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType();

    // Our own descriptors: the moved originals (under an InnerKey) and the proxies (whose factory is a ProxyRegistration).
    private static bool IsDecorated(ServiceDescriptor descriptor) => descriptor.IsKeyedService
        ? descriptor.ServiceKey is InnerKey || descriptor.KeyedImplementationFactory?.Target is ProxyRegistration
        : descriptor.ImplementationFactory?.Target is ProxyRegistration;

    private static ServiceDescriptor Proxy(Type service, ServiceDescriptor original, InnerKey inner, ExecutionScope executionScope)
    {
        var registration = new ProxyRegistration(service, new ExecutionInterceptors(service, inner, original.Lifetime, executionScope));
        return original.IsKeyedService
            ? new ServiceDescriptor(service, original.ServiceKey, registration.CreateKeyed, original.Lifetime)
            : new ServiceDescriptor(service, registration.Create, original.Lifetime);
    }

    private static ServiceDescriptor MoveUnder(ServiceDescriptor original, InnerKey inner)
    {
        var service = original.ServiceType;

        // Only the proxy resolves the original, and a scoped proxy is made once per scope, so a transient original is
        // still made once per scope and disposed with it, without the scope's second lookup and lock on every resolve.
        var lifetime = original.Lifetime == ServiceLifetime.Scoped ? ServiceLifetime.Transient : original.Lifetime;
        if (!original.IsKeyedService)
        {
            if (original.ImplementationInstance is { } instance)
            {
                return new ServiceDescriptor(service, inner, instance);
            }

            if (original.ImplementationFactory is { } factory)
            {
                return new ServiceDescriptor(service, inner, (provider, _) => factory(provider), lifetime);
            }

            return new ServiceDescriptor(service, inner, original.ImplementationType!, lifetime);
        }

        if (original.KeyedImplementationInstance is { } keyedInstance)
        {
            return new ServiceDescriptor(service, inner, keyedInstance);
        }

        if (original.KeyedImplementationFactory is { } keyedFactory)
        {
            // The original factory sees the key it was registered under, not our private one.
            var key = original.ServiceKey;
            return new ServiceDescriptor(service, inner, (provider, _) => keyedFactory(provider, key), lifetime);
        }

        return new ServiceDescriptor(service, inner, original.KeyedImplementationType!, lifetime);
    }

    /// <summary>Makes the proxy over the original registration, resolved under its private key.</summary>
    /// <remarks>
    /// A scoped or transient service makes a proxy on every resolve, so this skips what the container already
    /// guarantees (an interface, validated at registration) and keeps the proxy type's activator.
    /// </remarks>
    private sealed class ProxyRegistration(Type service, ExecutionInterceptors interceptors)
    {
        private CoalescingProxyActivator? _activator;
        private Type? _checkedTarget;

        public object Create(IServiceProvider provider)
        {
            var coalescer = provider.GetService<Coalescer>()
                ?? throw new InvalidOperationException(ErrorMessages.MissingAddCoalescing(service));
            var target = provider.GetRequiredKeyedService(service, interceptors.InnerKey);
            var activator = _activator ??= CoalescingProxyActivator.For(service);
            if (target.GetType() != _checkedTarget && service.IsInstanceOfType(target))
            {
                CoalescingProxy.ValidateInterfaceProxy(service, target.GetType());
                _checkedTarget = target.GetType();
            }

            try
            {
                return activator.Create(target, interceptors.For(provider, coalescer));
            }
            catch (InvalidCastException) when (!service.IsInstanceOfType(target))
            {
                // Only an untyped factory registration can return an object that is not the service.
                throw new InvalidOperationException(ErrorMessages.FactoryReturnedWrongType(service, target.GetType()));
            }
        }

        public object CreateKeyed(IServiceProvider provider, object? key) => Create(provider);
    }

    /// <summary>The private key the original registration moves under; one per decorated registration.</summary>
    private sealed class InnerKey(object? originalKey)
    {
        public override string ToString() => $"coalesced original of {originalKey ?? "(not keyed)"}";
    }
}
