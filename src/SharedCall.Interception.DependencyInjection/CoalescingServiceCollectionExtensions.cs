using System.Diagnostics.Metrics;
using SharedCall;
using SharedCall.Interception;
using SharedCall.Interception.DependencyInjection.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers request coalescing with Microsoft.Extensions.DependencyInjection.</summary>
public static class CoalescingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the shared <see cref="Coalescer"/> (a singleton, resolvable for stats and <see cref="Coalescer.Forget"/>)
    /// and the <see cref="CoalescingInterceptor"/>. Calling it again adds <paramref name="configure"/> to the configuration
    /// and registers nothing twice.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the coalescer's options; when the container has an <see cref="IMeterFactory"/>
    /// (from <c>AddMetrics()</c>, or any host), the coalescer's meter is made by it unless the options set another.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddCoalescing(this IServiceCollection services, Action<CoalescerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var configuration = FindConfiguration(services);
        if (configuration is null)
        {
            configuration = new CoalescingConfiguration();
            services.Add(ServiceDescriptor.Singleton(configuration));
            services.Add(ServiceDescriptor.Singleton(static provider => CreateCoalescer(provider)));
            services.Add(ServiceDescriptor.Singleton(static provider => new CoalescingInterceptor(provider.GetRequiredService<Coalescer>())));
            services.Add(ServiceDescriptor.Singleton(static provider => new RootScopes(provider.GetRequiredService<IServiceScopeFactory>())));
        }

        if (configure is not null)
        {
            configuration.Configure.Add(configure);
        }

        return services;
    }

    /// <summary>
    /// Wraps every registration of <typeparamref name="TService"/> made so far — by type, factory or instance, keyed or
    /// not — in a coalescing proxy, keeping each registration's lifetime. Call it after registering the service.
    /// </summary>
    /// <typeparam name="TService">An interface with at least one <see cref="CoalescedAttribute"/> method.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// <typeparamref name="TService"/> is not an interface, has no <see cref="CoalescedAttribute"/> method, has a
    /// method that cannot be coalesced, or has no registration yet; or a registered class marks a method
    /// <see cref="CoalescedAttribute"/> while the interface method it implements is not (a factory's class fails at its first resolve).
    /// </exception>
    /// <remarks>
    /// The container still creates (and disposes) the original service: the proxy forwards to it. Coalescing is across
    /// every proxy that shares the container's <see cref="Coalescer"/>, so scoped services coalesce across scopes.
    /// A scoped or transient service's executions each run on a target from a scope of their own
    /// (<see cref="ExecutionScope.Own"/>): see <see cref="Coalesce{TService}(IServiceCollection, ExecutionScope)"/>.
    /// </remarks>
    public static IServiceCollection Coalesce<TService>(this IServiceCollection services)
        where TService : class => services.Coalesce<TService>(ExecutionScope.Own);

    /// <summary>
    /// Wraps every registration of <typeparamref name="TService"/> made so far in a coalescing proxy, as
    /// <see cref="Coalesce{TService}(IServiceCollection)"/> does, and says where a scoped or transient service's
    /// executions get their target.
    /// </summary>
    /// <typeparam name="TService">An interface with at least one <see cref="CoalescedAttribute"/> method.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="executionScope">
    /// <see cref="ExecutionScope.Own"/> (the default): each execution creates a scope from the root provider, resolves
    /// the service from it, runs there and disposes the scope when its work returns, so a caller whose request ends
    /// (and whose scope is disposed) cannot break the execution other callers joined. <see cref="ExecutionScope.Caller"/>:
    /// the execution runs on the leader's own instance. Singletons always run on their one instance.
    /// </param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="executionScope"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">
    /// <typeparamref name="TService"/> is not an interface, has no <see cref="CoalescedAttribute"/> method, has a
    /// method that cannot be coalesced, or has no registration yet.
    /// </exception>
    public static IServiceCollection Coalesce<TService>(this IServiceCollection services, ExecutionScope executionScope)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        if (executionScope is not (ExecutionScope.Own or ExecutionScope.Caller))
        {
            throw new ArgumentOutOfRangeException(nameof(executionScope), executionScope, null);
        }

        ServiceDecorator.Decorate(services, typeof(TService), executionScope);
        return services;
    }

    private static CoalescingConfiguration? FindConfiguration(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(CoalescingConfiguration) && !descriptor.IsKeyedService)
            {
                return (CoalescingConfiguration?)descriptor.ImplementationInstance;
            }
        }

        return null;
    }

    private static Coalescer CreateCoalescer(IServiceProvider provider)
    {
        var options = new CoalescerOptions { MeterFactory = provider.GetService<IMeterFactory>() };
        foreach (var configure in provider.GetRequiredService<CoalescingConfiguration>().Configure)
        {
            configure(options);
        }

        return new Coalescer(options);
    }
}
