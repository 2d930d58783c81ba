using System.Linq.Expressions;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception;

/// <summary>Gives the key the interceptor uses for a call, so that it can be passed to <see cref="Coalescer.Forget(object)"/>.</summary>
public static class CallKey
{
    /// <summary>Gets the key of a call of a <see cref="CoalescedAttribute"/> method.</summary>
    /// <typeparam name="T">The interface that declares (or inherits) the method.</typeparam>
    /// <param name="call">
    /// The call, as in <c>r =&gt; r.GetUserAsync(42, default)</c>. The argument expressions are evaluated; the call is not made.
    /// </param>
    /// <returns>
    /// An object equal to the key the interceptor makes for the same call: the formatted string for a method with a
    /// key template, otherwise the method and its arguments (<see cref="CancellationToken"/>s excluded).
    /// </returns>
    /// <example><code>coalescer.Forget(CallKey.Of&lt;IUserRepository&gt;(r =&gt; r.GetUserAsync(42, default)));</code></example>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    /// <exception cref="ArgumentException">The body is not a call of a coalesced interface method on the lambda's parameter.</exception>
    /// <exception cref="InvalidOperationException">The method is marked but cannot be coalesced.</exception>
    public static object Of<T>(Expression<Action<T>> call)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Body is not MethodCallExpression { Object: { } instance } body
            || StripConversions(instance) != call.Parameters[0]
            || body.Method.DeclaringType is not { IsInterface: true })
        {
            throw new ArgumentException(ErrorMessages.NotAMethodCall(call), nameof(call));
        }

        var plan = MethodPlans.Get(body.Method)
            ?? throw new ArgumentException(ErrorMessages.NotCoalesced(body.Method), nameof(call));
        var arguments = new object?[body.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Evaluate(body.Arguments[i]);
        }

        return plan.CreateKey(arguments);
    }

    private static Expression StripConversions(Expression expression) =>
        expression is UnaryExpression { NodeType: ExpressionType.Convert } convert ? StripConversions(convert.Operand) : expression;

    // Stryker disable once Boolean : compiled or interpreted, the expression evaluates to the same value.
    private static object? Evaluate(Expression argument) => argument is ConstantExpression constant
        ? constant.Value
        : Expression.Lambda<Func<object?>>(Expression.Convert(argument, typeof(object))).Compile(preferInterpretation: true)();
}
