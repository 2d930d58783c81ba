using System.Runtime.CompilerServices;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>Creates coalescing proxies with the one <see cref="ProxyGenerator"/> of the process.</summary>
internal static class ProxyFactory
{
    // One generator for the process: it owns the cache of generated proxy types, so a second proxy of a known
    // interface costs an object allocation, not a type emission.
    private static readonly ProxyGenerator s_generator = new();
    private static readonly ProxyGenerationOptions s_options = new(CoalescedMethodsHook.Instance);
    private static readonly ConditionalWeakTable<Coalescer, CoalescingInterceptor> s_interceptors = new();

    public static CoalescingInterceptor InterceptorFor(Coalescer coalescer) =>
        s_interceptors.GetValue(coalescer, static c => new CoalescingInterceptor(c));

    /// <summary>Creates a proxy that implements <paramref name="interfaceType"/> and <paramref name="additionalInterfaces"/>.</summary>
    /// <exception cref="InvalidOperationException">An interface cannot be proxied or a marked method cannot be coalesced.</exception>
    public static object Create(Type interfaceType, Type[] additionalInterfaces, object target, CoalescingInterceptor interceptor)
    {
        InterfaceValidator.EnsureValid(interfaceType);
        foreach (var additional in additionalInterfaces)
        {
            InterfaceValidator.EnsureValid(additional);
        }

        return s_generator.CreateInterfaceProxyWithTargetInterface(
            interfaceType,
            additionalInterfaces,
            target,
            s_options,
            interceptor.CastleInterceptor);
    }

    /// <summary>Whether <paramref name="instance"/> is already a proxy made by this package.</summary>
    public static bool IsCoalescingProxy(object instance) =>
        instance is IProxyTargetAccessor accessor
        && Array.Exists(accessor.GetInterceptors(), static i => i is PlanInterceptor);
}
