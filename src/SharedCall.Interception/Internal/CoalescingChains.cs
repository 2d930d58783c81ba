using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>Finds a coalescing interceptor in a Castle proxy's chain, or in the chains of the proxies it wraps.</summary>
internal static class CoalescingChains
{
    public static bool Coalesces(object instance)
    {
        // Bounded, in case a target accessor ever returns the proxy itself.
        for (var depth = 0; depth < 16 && instance is IProxyTargetAccessor accessor; depth++)
        {
            if (Array.Exists(accessor.GetInterceptors(), IsCoalescing))
            {
                return true;
            }

            var target = accessor.DynProxyGetTarget();
            if (target is null || ReferenceEquals(target, instance))
            {
                return false;
            }

            instance = target;
        }

        return false;
    }

    public static bool IsCoalescing(object? interceptor) => interceptor
        is PlanInterceptor
        or CoalescingInterceptor
        or AsyncDeterminationInterceptor { AsyncInterceptor: CoalescingInterceptor };
}
