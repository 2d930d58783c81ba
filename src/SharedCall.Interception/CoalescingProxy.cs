using Castle.DynamicProxy;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception;

/// <summary>Creates proxies whose <see cref="CoalescedAttribute"/> methods coalesce concurrent identical calls.</summary>
/// <remarks>
/// Proxy types are generated once per interface by one process-wide generator and then reused, and each interface
/// is checked once: creating a proxy of a known interface costs about one allocation.
/// </remarks>
public static class CoalescingProxy
{
    /// <summary>Creates a proxy of <typeparamref name="T"/> over <paramref name="target"/>.</summary>
    /// <typeparam name="T">The interface to proxy; its <see cref="CoalescedAttribute"/> methods are coalesced.</typeparam>
    /// <param name="target">The implementation that runs when a call is not joined to one in flight.</param>
    /// <param name="coalescer">
    /// The coalescer the calls go through. Calls coalesce across every proxy that shares it, whatever their target.
    /// </param>
    /// <returns>The proxy. Unmarked methods call <paramref name="target"/> directly.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> or <paramref name="coalescer"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not an interface.</exception>
    /// <exception cref="InvalidOperationException">
    /// The interface is not visible to Castle DynamicProxy, a marked method cannot be coalesced (a <c>ref</c> or
    /// <c>out</c> parameter, an <see cref="IAsyncEnumerable{T}"/> result, a key template naming something that is not a parameter),
    /// or a method of the target's class is marked <see cref="CoalescedAttribute"/> while the interface method it implements is not;
    /// or the coalescer coalesces across processes and a marked method's default-key arguments or result cannot cross them.
    /// </exception>
    public static T Create<T>(T target, Coalescer coalescer)
        where T : class => (T)Create(typeof(T), target, coalescer);

    /// <summary>Creates a proxy of <paramref name="interfaceType"/> over <paramref name="target"/>.</summary>
    /// <param name="interfaceType">The interface to proxy; its <see cref="CoalescedAttribute"/> methods are coalesced.</param>
    /// <param name="target">The implementation; it must implement <paramref name="interfaceType"/>.</param>
    /// <param name="coalescer">The coalescer the calls go through.</param>
    /// <returns>The proxy, which implements <paramref name="interfaceType"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="interfaceType"/> is not an interface, or <paramref name="target"/> does not implement it.
    /// </exception>
    /// <exception cref="InvalidOperationException">
    /// The interface is not visible to Castle DynamicProxy, a marked method cannot be coalesced, a method of the
    /// target's class is marked <see cref="CoalescedAttribute"/> while the interface method it implements is not, or
    /// the coalescer coalesces across processes and a marked method's default-key arguments or result cannot cross them.
    /// </exception>
    public static object Create(Type interfaceType, object target, Coalescer coalescer)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(coalescer);
        if (!interfaceType.IsInterface)
        {
            throw new ArgumentException(ErrorMessages.NotAnInterface(interfaceType), nameof(interfaceType));
        }

        if (!interfaceType.IsInstanceOfType(target))
        {
            throw new ArgumentException(ErrorMessages.TargetDoesNotImplement(interfaceType, target.GetType()), nameof(target));
        }

        ImplementationValidator.EnsureValidInterfaceProxy(interfaceType, target.GetType());
        return ProxyFactory.Create(interfaceType, Type.EmptyTypes, target, ProxyFactory.InterceptorFor(coalescer));
    }

    /// <summary>
    /// Gets new proxy-generation options whose hook intercepts only coalesced methods, for proxies you build with Castle
    /// or Autofac.Extras.DynamicProxy: <c>EnableInterfaceInterceptors(CoalescingProxy.GenerationOptions)</c>.
    /// </summary>
    /// <value>New options on every read, so changing one (adding a selector or mixins) never affects another.</value>
    /// <remarks>
    /// With them, methods that are not coalesced are not intercepted at all: they call the target directly and no
    /// interceptor of the proxy sees them. A marked method that cannot be coalesced fails when the proxy type is made
    /// (with Autofac, the first resolve); so does, in a class proxy, a method that implements a coalesced interface
    /// method without being virtual. Proxy types made with them are cached like any other.
    /// </remarks>
    public static ProxyGenerationOptions GenerationOptions => new(CoalescedMethodsHook.Instance);

    /// <summary>
    /// Gets whether <paramref name="instance"/> is a Castle proxy whose interceptors, or those of a proxy it wraps,
    /// include a <see cref="CoalescingInterceptor"/>: a proxy whose calls coalesce already.
    /// </summary>
    /// <param name="instance">The object.</param>
    /// <returns><see langword="true"/> when wrapping <paramref name="instance"/> in another coalescing proxy would coalesce twice.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="instance"/> is null.</exception>
    public static bool IsCoalescing(object instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return CoalescingChains.Coalesces(instance);
    }

    /// <summary>
    /// Checks that an interface proxy of <paramref name="interfaceType"/> over instances of <paramref name="implementationType"/>
    /// coalesces everything its author marked; the check of each pair runs once.
    /// </summary>
    /// <param name="interfaceType">The interface the proxy implements.</param>
    /// <param name="implementationType">The class of the proxy's target.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// A marked method of the interface cannot be coalesced (or the interface, having coalesced methods, is not visible
    /// to Castle), or a method of <paramref name="implementationType"/> is marked <see cref="CoalescedAttribute"/> while
    /// the interface method it implements is not: the message names the method and says to move the attribute.
    /// </exception>
    public static void ValidateInterfaceProxy(Type interfaceType, Type implementationType)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        ArgumentNullException.ThrowIfNull(implementationType);
        ImplementationValidator.EnsureValidInterfaceProxy(interfaceType, implementationType);
    }

    /// <summary>
    /// Checks that a class proxy of <paramref name="classType"/> (Autofac.Extras.DynamicProxy's <c>EnableClassInterceptors()</c>)
    /// can coalesce every coalesced interface method the class implements; the check of each class runs once.
    /// </summary>
    /// <param name="classType">The proxied class.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classType"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// A coalesced interface method cannot be coalesced, or the class method implementing it is not virtual (a class
    /// proxy cannot intercept it): the message names the method and the fix.
    /// </exception>
    public static void ValidateClassProxy(Type classType)
    {
        ArgumentNullException.ThrowIfNull(classType);
        ImplementationValidator.EnsureValidClassProxy(classType);
    }

    /// <summary>
    /// Checks that a coalescing proxy made outside <see cref="Create{T}(T, Coalescer)"/> and our container integrations
    /// (a Castle <c>ProxyGenerator</c> or Autofac.Extras.DynamicProxy chain holding a <see cref="CoalescingInterceptor"/>)
    /// can take its coalesced methods across processes, when its coalescer has a cross-process level such as Redis.
    /// Does nothing for other instances; the check of each interface runs once per level.
    /// </summary>
    /// <param name="proxy">The proxy.</param>
    /// <exception cref="ArgumentNullException"><paramref name="proxy"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// A marked method's default-key arguments or result cannot cross processes; the message names the method, the type
    /// and the fix. Generic methods are not checked here: their calls that cannot cross stay in the process, counted.
    /// </exception>
    public static void ValidateCrossProcess(object proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        if (CoalescingChains.InterceptorOf(proxy)?.Coalescer.RemoteCoalescing is { } remote)
        {
            foreach (var interfaceType in CoalescedMethods.InterfacesOf(proxy.GetType()))
            {
                RemoteValidator.EnsureCanShare(interfaceType, remote);
            }
        }
    }

    /// <summary>
    /// Gets whether <paramref name="interfaceType"/>, or an interface it inherits, has a coalesced method: one marked
    /// <see cref="CoalescedAttribute"/>, or declared in an interface marked with it.
    /// </summary>
    /// <param name="interfaceType">The interface.</param>
    /// <returns><see langword="true"/> when a proxy of the interface would coalesce something.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interfaceType"/> is null.</exception>
    public static bool HasCoalescedMethods(Type interfaceType)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        return interfaceType.IsInterface && CoalescedMethods.AnyIn(interfaceType);
    }
}
