using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace SharedCall.Interception.Internal;

/// <summary>The plans of coalesced methods, one per closed method for the life of the process.</summary>
/// <remarks>
/// Every call through a proxy looks its method up here, so in front of the dictionary sits a table keyed by the
/// <see cref="MethodInfo"/> object itself: Castle hands a non-generic method's calls one object, and comparing it by
/// reference costs a fraction of <see cref="MethodInfo"/>'s own hash and equality. A generic method's
/// calls may each bring a new object, so those are looked up by equality only.
/// </remarks>
internal static class MethodPlans
{
    private static readonly ConcurrentDictionary<MethodInfo, MethodPlan?> s_plans = new();
    private static readonly Lock s_rememberLock = new();

    // Open addressing, at most half full; replaced whole under the lock and never changed once published, so lookups
    // need no lock. Bounded by the program's non-generic methods that reach an interceptor.
    private static Entry[] s_byReference = new Entry[16];
    private static int s_remembered;

    /// <summary>Gets the plan of <paramref name="method"/>, or <see langword="null"/> when it is not coalesced.</summary>
    /// <remarks>
    /// Every caller gets the same plan object for a method, even when two threads build it at once: keys compare
    /// plans by reference, so the interceptor and <see cref="CallKey"/> agree.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The method is marked but cannot be coalesced.</exception>
    public static MethodPlan? Get(MethodInfo method)
    {
        // The first slot probed is almost always the method's own: looked at here, inlined into every call, and the
        // probing loop (which the JIT does not inline) runs only after a collision.
        var entries = Volatile.Read(ref s_byReference);
        var entry = entries[RuntimeHelpers.GetHashCode(method) & (entries.Length - 1)];
        return ReferenceEquals(entry.Method, method) ? entry.Plan : Probe(entries, method);
    }

    private static MethodPlan? Probe(Entry[] entries, MethodInfo method)
    {
        var entry = entries[SlotOf(entries, method)];
        return entry.Method is null ? GetAndRemember(method) : entry.Plan;
    }

    private static MethodPlan? GetAndRemember(MethodInfo method)
    {
        var plan = s_plans.TryGetValue(method, out var found)
            ? found
            : s_plans.GetOrAdd(method, static m => PlanOf(m));
        if (!method.IsGenericMethod)
        {
            lock (s_rememberLock)
            {
                Remember(method, plan);
            }
        }

        return plan;
    }

    // A class method (a class proxy's call) that implements a coalesced interface method shares that method's plan,
    // so its calls coalesce with the interface's, under the same keys.
    private static MethodPlan? PlanOf(MethodInfo method) =>
        CoalescedMethods.IsCoalesced(method) ? MethodPlan.Build(method)
        : ImplementingMethods.CoalescedInterfaceMethodOf(method) is { } interfaceMethod ? Get(interfaceMethod)
        : null;

    private static void Remember(MethodInfo method, MethodPlan? plan)
    {
        var entries = s_byReference;
        if (entries[SlotOf(entries, method)].Method is not null)
        {
            return;
        }

        var grown = new Entry[(s_remembered + 1) * 2 > entries.Length ? entries.Length * 2 : entries.Length];
        foreach (var entry in entries)
        {
            if (entry.Method is not null)
            {
                grown[SlotOf(grown, entry.Method)] = entry;
            }
        }

        grown[SlotOf(grown, method)] = new Entry(method, plan);
        s_remembered++;
        Volatile.Write(ref s_byReference, grown);
    }

    // The slot holding method, or else the empty slot where it would go: the table is never full.
    private static int SlotOf(Entry[] entries, MethodInfo method)
    {
        var mask = entries.Length - 1;
        var i = RuntimeHelpers.GetHashCode(method) & mask;
        while (entries[i].Method is { } stored && !ReferenceEquals(stored, method))
        {
            i = (i + 1) & mask;
        }

        return i;
    }

    private readonly record struct Entry(MethodInfo? Method, MethodPlan? Plan);
}
