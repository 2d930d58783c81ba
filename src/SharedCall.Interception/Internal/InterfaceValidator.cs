using System.Collections.Concurrent;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Checks, once per interface, that a proxy of it can coalesce every marked method, so a bad signature fails when
/// the proxy is created and never at call time. Plans of non-generic methods are built on the way.
/// </summary>
internal static class InterfaceValidator
{
    // The message, not the exception: throwing one exception object again and again would rewrite its stack trace.
    private static readonly ConcurrentDictionary<Type, string?> s_problems = new();

    /// <exception cref="InvalidOperationException">The interface cannot be proxied or a marked method cannot be coalesced.</exception>
    public static void EnsureValid(Type interfaceType)
    {
        var problem = s_problems.GetOrAdd(interfaceType, FindProblem);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private static string? FindProblem(Type interfaceType)
    {
        foreach (var type in CoalescedMethods.WithInheritedInterfaces(interfaceType))
        {
            if (!ProxyUtil.IsAccessible(type))
            {
                return ErrorMessages.NotAccessible(type);
            }

            foreach (var method in CoalescedMethods.DeclaredIn(type))
            {
                var problem = MethodPlan.Validate(method);
                if (problem is not null)
                {
                    return problem;
                }

                // Stryker disable once Block,Statement : a warm-up; the first call builds the same plan anyway.
                if (!method.ContainsGenericParameters)
                {
                    MethodPlans.Get(method);
                }
            }
        }

        return null;
    }
}
