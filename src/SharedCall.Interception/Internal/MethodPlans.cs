using System.Collections.Concurrent;
using System.Reflection;

namespace SharedCall.Interception.Internal;

/// <summary>The plans of coalesced methods, one per closed method for the life of the process.</summary>
internal static class MethodPlans
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodPlan?> s_plans = new();

    /// <summary>Gets the plan of <paramref name="method"/>, or <see langword="null"/> when it is not coalesced.</summary>
    /// <remarks>
    /// Every caller gets the same plan object for a method, even when two threads build it at once: keys compare
    /// plans by reference, so the interceptor and <see cref="CallKey"/> agree.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The method is marked but cannot be coalesced.</exception>
    public static MethodPlan? Get(MethodInfo method) =>
        s_plans.TryGetValue(method, out var plan)
            ? plan
            : s_plans.GetOrAdd(method, static m => CoalescedMethods.IsCoalesced(m) ? MethodPlan.Build(m) : null);
}
