using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using SharedCall.Advanced;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Checks, once per interface and cross-process level, that every method whose calls would go fleet-wide can: its
/// default key's arguments written as JSON, its result shared by the level (<see cref="RemoteCoalescing.SupportsResultType"/>).
/// A method that cannot fails the proxy's creation with the fix, rather than silently staying in this process.
/// </summary>
internal static class RemoteValidator
{
    private static readonly ConditionalWeakTable<RemoteCoalescing, ConcurrentDictionary<Type, string?>> s_problems = new();

    /// <exception cref="InvalidOperationException">A coalesced method cannot go across processes; the message names it and the fix.</exception>
    public static void EnsureCanShare(Type interfaceType, RemoteCoalescing remote)
    {
        var problems = s_problems.GetValue(remote, static _ => new ConcurrentDictionary<Type, string?>());
        var problem = problems.GetOrAdd(interfaceType, static (type, remote) => FindProblem(type, remote), remote);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private static string? FindProblem(Type interfaceType, RemoteCoalescing remote)
    {
        foreach (var type in CoalescedMethods.WithInheritedInterfaces(interfaceType))
        {
            foreach (var method in CoalescedMethods.DeclaredIn(type))
            {
                // A generic method's types are known per call: such calls are checked as they come (and stay here when they cannot go).
                if (method.ContainsGenericParameters || MethodPlans.Get(method) is not { } plan)
                {
                    continue;
                }

                if (FindProblem(plan, remote) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? FindProblem(MethodPlan plan, RemoteCoalescing remote)
    {
        // Synchronous shapes and CrossProcess = false stay in this process whatever their types.
        if (!plan.Operation.CrossProcess || plan.Shape is ReturnShape.Value or ReturnShape.Void)
        {
            return null;
        }

        if (!plan.HasKeyTemplate)
        {
            var parameters = plan.Method.GetParameters();
            foreach (var index in plan.KeyIndexes)
            {
                if (JsonProbe.KeyProblem(parameters[index].ParameterType) is { } reason)
                {
                    return ErrorMessages.ArgumentNotShareable(plan.Method, parameters[index], reason);
                }
            }
        }

        return ResultTypeOf(plan.Method) is { } resultType && !remote.SupportsResultType(resultType, out var problem)
            ? ErrorMessages.ResultNotShareable(plan.Method, problem)
            : null;
    }

    private static Type? ResultTypeOf(MethodInfo method) =>
        method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : null;
}
