using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Castle.DynamicProxy;
using SharedCall.Advanced;

namespace SharedCall.Interception.Internal;

/// <summary>Creates coalescing proxies with the one <see cref="ProxyGenerator"/> of the process.</summary>
internal static class ProxyFactory
{
    // One generator for the process: it owns the cache of generated proxy types, so a second proxy of a known
    // interface costs an object allocation, not a type emission.
    private static readonly ProxyGenerator s_generator = new();
    private static readonly ProxyGenerationOptions s_options = new(CoalescedMethodsHook.Instance);
    private static readonly ConditionalWeakTable<Coalescer, CoalescingInterceptor> s_interceptors = new();
    private static readonly ConcurrentDictionary<Type, ProxyActivator> s_activators = new();

    // The last one used, checked before the table: a process usually has one coalescer, and the table's lookup
    // showed in the cost of resolving a scoped proxy.
    private static CoalescingInterceptor? s_lastInterceptor;

    public static CoalescingInterceptor InterceptorFor(Coalescer coalescer)
    {
        var last = Volatile.Read(ref s_lastInterceptor);
        if (last?.Coalescer == coalescer)
        {
            return last;
        }

        var interceptor = s_interceptors.GetValue(coalescer, static c => new CoalescingInterceptor(c));
        Volatile.Write(ref s_lastInterceptor, interceptor);
        return interceptor;
    }

    /// <summary>Creates a proxy that implements <paramref name="interfaceType"/> and <paramref name="additionalInterfaces"/>.</summary>
    /// <exception cref="InvalidOperationException">An interface cannot be proxied or a marked method cannot be coalesced.</exception>
    public static object Create(Type interfaceType, Type[] additionalInterfaces, object target, CoalescingInterceptor interceptor)
    {
        var activator = ActivatorFor(interfaceType, additionalInterfaces);
        if (interceptor.Coalescer.RemoteCoalescing is { } remote)
        {
            EnsureCanShare([interfaceType, .. additionalInterfaces], remote);
        }

        return activator.Create(target, interceptor.CastleInterceptors);
    }

    /// <summary>Checks that the coalesced methods of <paramref name="interfaces"/> can go across processes through <paramref name="remote"/>.</summary>
    /// <exception cref="InvalidOperationException">One cannot; the message names it and the fix.</exception>
    public static void EnsureCanShare(Type[] interfaces, RemoteCoalescing remote)
    {
        foreach (var type in interfaces)
        {
            RemoteValidator.EnsureCanShare(type, remote);
        }
    }

    /// <summary>Gets the activator of proxies of <paramref name="interfaceType"/> and <paramref name="additionalInterfaces"/>.</summary>
    /// <remarks>
    /// Kept per interface when there are no additional interfaces (every proxy but Autofac's multi-service ones);
    /// callers with additional interfaces keep the activator themselves. An invalid interface is never cached: it
    /// throws again on every call.
    /// </remarks>
    /// <exception cref="InvalidOperationException">An interface cannot be proxied or a marked method cannot be coalesced.</exception>
    public static ProxyActivator ActivatorFor(Type interfaceType, Type[] additionalInterfaces) =>
        additionalInterfaces.Length == 0
            ? s_activators.TryGetValue(interfaceType, out var activator)
                ? activator
                : s_activators.GetOrAdd(interfaceType, static type => Build(type, Type.EmptyTypes))
            : Build(interfaceType, additionalInterfaces);

    private static ProxyActivator Build(Type interfaceType, Type[] additionalInterfaces)
    {
        InterfaceValidator.EnsureValid(interfaceType);
        foreach (var additional in additionalInterfaces)
        {
            InterfaceValidator.EnsureValid(additional);
        }

        return ProxyActivator.Build(s_generator.ProxyBuilder, s_options, interfaceType, additionalInterfaces);
    }

    /// <summary>Whether <paramref name="instance"/> is already a proxy made by this package.</summary>
    public static bool IsCoalescingProxy(object instance) =>
        instance is IProxyTargetAccessor accessor
        && Array.Exists(accessor.GetInterceptors(), static i => i is PlanInterceptor);
}
