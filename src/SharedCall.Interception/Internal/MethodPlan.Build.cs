using System.Reflection;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

internal sealed partial class MethodPlan
{
    /// <summary>Builds the plan of a closed coalesced method.</summary>
    /// <exception cref="InvalidOperationException">The method cannot be coalesced; the message says why.</exception>
    public static MethodPlan Build(MethodInfo method)
    {
        var attribute = CoalescedMethods.AttributeOf(method) ?? throw new InvalidOperationException(ErrorMessages.NotCoalesced(method));
        var problem = FindProblem(method, attribute, out var template, out var shape, out var resultType);
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }

        var plan = new MethodPlan(method, shape, template, CreateHandler(shape, resultType));
        plan.ApplyPolicy(attribute);
        return plan;
    }

    /// <summary>Finds why <paramref name="method"/> (open generic or closed) cannot be coalesced, if it cannot.</summary>
    /// <returns>The message that says why and how to fix it, or <see langword="null"/> when the method can be coalesced.</returns>
    public static string? Validate(MethodInfo method) =>
        CoalescedMethods.AttributeOf(method) is { } attribute ? FindProblem(method, attribute, out _, out _, out _) : null;

    private static string? FindProblem(
        MethodInfo method,
        CoalescedAttribute attribute,
        out KeyTemplate? template,
        out ReturnShape shape,
        out Type? resultType)
    {
        template = null;
        shape = ShapeOf(method.ReturnType, out resultType);
        if (method.ReturnType.IsByRef)
        {
            return ErrorMessages.CannotCoalesce(method, ErrorMessages.ByRefReturn);
        }

        if (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
        {
            return ErrorMessages.CannotCoalesce(method, ErrorMessages.AsyncEnumerable);
        }

        if (PolicyProblem(method, attribute) is { } policy)
        {
            return policy;
        }

        var byRef = Array.Find(method.GetParameters(), static p => p.ParameterType.IsByRef);
        if (byRef is not null)
        {
            return ErrorMessages.CannotCoalesce(method, ErrorMessages.ByRefParameter(byRef));
        }

        string? error = null;
        template = attribute.Key is null ? null : KeyTemplate.TryParse(attribute.Key, method, out error);
        return error is null ? null : ErrorMessages.CannotUseKeyTemplate(method, error);
    }

    private static ReturnShape ShapeOf(Type returnType, out Type? resultType)
    {
        resultType = null;
        if (returnType == typeof(void))
        {
            return ReturnShape.Void;
        }

        if (returnType == typeof(Task))
        {
            return ReturnShape.Task;
        }

        if (returnType == typeof(ValueTask))
        {
            return ReturnShape.ValueTask;
        }

        if (returnType.IsGenericType)
        {
            var definition = returnType.GetGenericTypeDefinition();
            if (definition == typeof(Task<>) || definition == typeof(ValueTask<>))
            {
                resultType = returnType.GetGenericArguments()[0];
                return definition == typeof(Task<>) ? ReturnShape.TaskOfT : ReturnShape.ValueTaskOfT;
            }
        }

        resultType = returnType;
        return ReturnShape.Value;
    }

    // The one place that uses MakeGenericMethod: once per plan, so a call invokes a ready delegate.
    private static Action<Coalescer, MethodPlan, IInvocation> CreateHandler(ReturnShape shape, Type? resultType) => shape switch
    {
        ReturnShape.Void => CoalescedCalls.Instance.Void,
        ReturnShape.Task => CoalescedCalls.Instance.Task,
        ReturnShape.ValueTask => CoalescedCalls.Instance.ValueTask,
        ReturnShape.TaskOfT => Generic(nameof(CoalescedCalls.TaskOf), resultType!),
        ReturnShape.ValueTaskOfT => Generic(nameof(CoalescedCalls.ValueTaskOf), resultType!),
        _ => Generic(nameof(CoalescedCalls.Value), resultType!),
    };

    private static Action<Coalescer, MethodPlan, IInvocation> Generic(string name, Type resultType) =>
        typeof(CoalescedCalls)
            .GetMethod(name, BindingFlags.Public | BindingFlags.Instance)!
            .MakeGenericMethod(resultType)
            .CreateDelegate<Action<Coalescer, MethodPlan, IInvocation>>(CoalescedCalls.Instance);
}
