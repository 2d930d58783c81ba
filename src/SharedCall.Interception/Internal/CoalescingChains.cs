using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>Finds a coalescing interceptor in a Castle proxy's chain, or in the chains of the proxies it wraps.</summary>
internal static class CoalescingChains
{
    public static bool Coalesces(object instance) => InterceptorOf(instance) is not null;

    /// <summary>Gets the coalescing interceptor of <paramref name="instance"/>'s chain, or of the proxies it wraps; null for none.</summary>
    public static CoalescingInterceptor? InterceptorOf(object instance)
    {
        // Bounded, in case a target accessor ever returns the proxy itself.
        for (var depth = 0; depth < 16 && instance is IProxyTargetAccessor accessor; depth++)
        {
            foreach (var interceptor in accessor.GetInterceptors())
            {
                if (OwnerOf(interceptor) is { } owner)
                {
                    return owner;
                }
            }

            var target = accessor.DynProxyGetTarget();
            if (target is null || ReferenceEquals(target, instance))
            {
                return null;
            }

            instance = target;
        }

        return null;
    }

    public static bool IsCoalescing(object? interceptor) => OwnerOf(interceptor) is not null;

    private static CoalescingInterceptor? OwnerOf(object? interceptor) => interceptor switch
    {
        PlanInterceptor plan => plan.Owner,
        CoalescingInterceptor coalescing => coalescing,
        AsyncDeterminationInterceptor { AsyncInterceptor: CoalescingInterceptor coalescing } => coalescing,
        _ => null,
    };
}
