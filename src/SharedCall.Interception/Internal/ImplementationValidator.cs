using System.Collections.Concurrent;
using System.Reflection;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Checks, once per pair of types, what only the implementing class can tell: a <see cref="CoalescedAttribute"/> put
/// on a class method instead of the interface method (a proxy never sees it), and, for class proxies, a coalesced
/// method the proxy cannot override. Either would otherwise be a silent no-op.
/// </summary>
internal static class ImplementationValidator
{
    // The message, not the exception, as in InterfaceValidator. A null interface means a class proxy of the class.
    private static readonly ConcurrentDictionary<(Type? InterfaceType, Type Implementation), string?> s_problems = new();

    /// <exception cref="InvalidOperationException">A proxy of <paramref name="interfaceType"/> over the class would miss or fail a marked method.</exception>
    public static void EnsureValidInterfaceProxy(Type interfaceType, Type implementationType)
    {
        if (CoalescedMethods.AnyIn(interfaceType))
        {
            InterfaceValidator.EnsureValid(interfaceType);
        }

        Throw(s_problems.GetOrAdd((interfaceType, implementationType), static key => FindMarkedOnClassOnly(key.InterfaceType!, key.Implementation)));
    }

    /// <exception cref="InvalidOperationException">A class proxy of <paramref name="classType"/> would miss or fail a marked method.</exception>
    public static void EnsureValidClassProxy(Type classType) =>
        Throw(s_problems.GetOrAdd((null, classType), static key => FindClassProxyProblem(key.Implementation)));

    private static void Throw(string? problem)
    {
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private static string? FindMarkedOnClassOnly(Type interfaceType, Type implementationType)
    {
        var interfaces = CoalescedMethods.WithInheritedInterfaces(interfaceType).ToHashSet();
        foreach (var (interfaceMethod, implementation) in ImplementingMethods.MappingsOf(implementationType))
        {
            if (interfaces.Contains(interfaceMethod.DeclaringType!) && IsMarked(implementation) && !CoalescedMethods.IsCoalesced(interfaceMethod))
            {
                return ErrorMessages.MarkedOnClassOnly(implementation, interfaceMethod);
            }
        }

        return null;
    }

    private static string? FindClassProxyProblem(Type classType)
    {
        foreach (var (interfaceMethod, implementation) in ImplementingMethods.MappingsOf(classType))
        {
            if (!CoalescedMethods.IsCoalesced(interfaceMethod))
            {
                continue;
            }

            if (MethodPlan.Validate(interfaceMethod) is { } reason)
            {
                return ErrorMessages.CannotCoalesce(interfaceMethod, reason);
            }

            if (!CanOverride(implementation))
            {
                return ErrorMessages.NotVirtual(implementation, interfaceMethod);
            }
        }

        return null;
    }

    private static bool IsMarked(MethodInfo method) => method.IsDefined(typeof(CoalescedAttribute), inherit: false);

    // What Castle can override in a class proxy: virtual, not sealed, and visible to the proxy's assembly.
    private static bool CanOverride(MethodInfo method) =>
        method.IsVirtual && !method.IsFinal && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);
}
