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
    /// The interface is not visible to Castle DynamicProxy, or a marked method cannot be coalesced (a <c>ref</c> or
    /// <c>out</c> parameter, an <see cref="IAsyncEnumerable{T}"/> result, a key template naming something that is not a parameter).
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
    /// The interface is not visible to Castle DynamicProxy, or a marked method cannot be coalesced.
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

        return ProxyFactory.Create(interfaceType, Type.EmptyTypes, target, ProxyFactory.InterceptorFor(coalescer));
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
