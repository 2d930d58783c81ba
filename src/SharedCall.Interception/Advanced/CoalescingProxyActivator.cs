using Castle.DynamicProxy;
using System.ComponentModel;
using SharedCall.Advanced;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Advanced;

/// <summary>
/// Creates coalescing proxies of one set of interfaces, for container integrations that make a proxy on every
/// resolve (SharedCall.Interception.Autofac and SharedCall.Interception.DependencyInjection use it).
/// </summary>
/// <remarks>
/// <para>
/// The interfaces are checked and the proxy type is generated once, in <see cref="For"/>; keep the activator (per
/// registration, say) and <see cref="Create"/> then costs the proxy's allocation. Applications call
/// <see cref="CoalescingProxy.Create{T}(T, Coalescer)"/> instead.
/// </para>
/// <para>
/// Proxies made here are the same as <see cref="CoalescingProxy"/>'s: only <see cref="CoalescedAttribute"/> methods
/// reach the interceptor, every other method calls the target directly.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public sealed class CoalescingProxyActivator
{
    private readonly ProxyActivator _activator;
    private readonly Type[] _interfaces;

    // The cross-process level the interfaces were last checked against: a container makes every proxy with one.
    private RemoteCoalescing? _checkedFor;

    private CoalescingProxyActivator(ProxyActivator activator, Type[] interfaces)
    {
        _activator = activator;
        _interfaces = interfaces;
    }

    /// <summary>Gets the activator of proxies that implement <paramref name="interfaceType"/> and <paramref name="additionalInterfaces"/>.</summary>
    /// <param name="interfaceType">The interface the proxy is made for; the target must implement it.</param>
    /// <param name="additionalInterfaces">
    /// Other interfaces the proxy implements, forwarded to the target (a registration with several services).
    /// </param>
    /// <returns>The activator; keep it, as building one generates or looks up the proxy type.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A type is not an interface.</exception>
    /// <exception cref="InvalidOperationException">
    /// An interface is not visible to Castle DynamicProxy, or a marked method cannot be coalesced.
    /// </exception>
    public static CoalescingProxyActivator For(Type interfaceType, params Type[] additionalInterfaces)
    {
        ArgumentNullException.ThrowIfNull(additionalInterfaces);
        EnsureInterface(interfaceType, nameof(interfaceType));
        foreach (var additional in additionalInterfaces)
        {
            EnsureInterface(additional, nameof(additionalInterfaces));
        }

        return new CoalescingProxyActivator(ProxyFactory.ActivatorFor(interfaceType, additionalInterfaces), [interfaceType, .. additionalInterfaces]);
    }

    /// <summary>
    /// Checks that a proxy of <paramref name="interfaceType"/> can coalesce every marked method, so that a bad
    /// signature or key template fails when a service is registered rather than when it is first resolved.
    /// </summary>
    /// <param name="interfaceType">The interface.</param>
    /// <exception cref="ArgumentNullException"><paramref name="interfaceType"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="interfaceType"/> is not an interface.</exception>
    /// <exception cref="InvalidOperationException">
    /// The interface is not visible to Castle DynamicProxy, or a marked method cannot be coalesced.
    /// </exception>
    public static void EnsureCanProxy(Type interfaceType)
    {
        EnsureInterface(interfaceType, nameof(interfaceType));
        InterfaceValidator.EnsureValid(interfaceType);
    }

    /// <summary>Gets whether <paramref name="instance"/> is a proxy made by this package, which must not be proxied again.</summary>
    /// <param name="instance">The instance.</param>
    /// <returns><see langword="true"/> for a coalescing proxy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instance"/> is null.</exception>
    public static bool IsCoalescingProxy(object instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return ProxyFactory.IsCoalescingProxy(instance);
    }

    /// <summary>
    /// Gets the interceptor this package shares for <paramref name="coalescer"/>, the one
    /// <see cref="CoalescingProxy.Create{T}(T, Coalescer)"/> uses, made once per coalescer.
    /// </summary>
    /// <param name="coalescer">The coalescer the proxies' calls go through.</param>
    /// <returns>The interceptor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="coalescer"/> is null.</exception>
    public static CoalescingInterceptor SharedInterceptor(Coalescer coalescer)
    {
        ArgumentNullException.ThrowIfNull(coalescer);
        return ProxyFactory.InterceptorFor(coalescer);
    }

    /// <summary>Creates a proxy over <paramref name="target"/> whose coalesced calls go through <paramref name="interceptor"/>.</summary>
    /// <param name="target">The implementation; it must implement the interface the activator is for.</param>
    /// <param name="interceptor">The interceptor, which holds the coalescer.</param>
    /// <returns>The proxy.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidCastException"><paramref name="target"/> does not implement the interface.</exception>
    /// <exception cref="InvalidOperationException">
    /// The coalescer coalesces across processes and a marked method's default-key arguments or result cannot cross
    /// them; the message names the method, the type and the fix.
    /// </exception>
    public object Create(object target, CoalescingInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(interceptor);
        if (interceptor.Coalescer.RemoteCoalescing is { } remote && !ReferenceEquals(remote, _checkedFor))
        {
            ProxyFactory.EnsureCanShare(_interfaces, remote);
            _checkedFor = remote;
        }

        return _activator.Create(target, interceptor.CastleInterceptors);
    }

    /// <summary>
    /// Gets the Castle interceptors that coalesce through <paramref name="interceptor"/>, for a proxy that a container
    /// integration builds itself with other interceptors: put them last (innermost), and build the proxy with a target
    /// interface (<c>CreateInterfaceProxyWithTargetInterface</c>) so that an execution can run on a target of its own.
    /// </summary>
    /// <param name="interceptor">The coalescing interceptor.</param>
    /// <returns>The interceptors, made once per <paramref name="interceptor"/>; do not change them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interceptor"/> is null.</exception>
    public static IReadOnlyList<IInterceptor> CastleInterceptorsOf(CoalescingInterceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(interceptor);
        return interceptor.CastleInterceptors;
    }

    private static void EnsureInterface(Type type, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(type, parameterName);
        if (!type.IsInterface)
        {
            throw new ArgumentException(ErrorMessages.NotAnInterface(type), parameterName);
        }
    }
}
