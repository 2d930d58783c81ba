using System.Diagnostics;
using System.Reflection;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Everything a call of one coalesced method needs, worked out once per (closed) method: which arguments make the
/// key, where the <see cref="CancellationToken"/> is, and the handler for its return shape. A call then does no
/// reflection: it reads this plan, builds the key and calls the core.
/// </summary>
[DebuggerDisplay("{OperationName,nq} ({Shape})")]
internal sealed partial class MethodPlan
{
    private readonly int[] _keyIndexes;
    private readonly bool _keyIsAllArguments;
    private readonly KeyTemplate? _template;
    private readonly Action<Coalescer, MethodPlan, IInvocation> _intercept;

    private MethodPlan(MethodInfo method, ReturnShape shape, KeyTemplate? template, Action<Coalescer, MethodPlan, IInvocation> intercept)
    {
        Method = method;
        OperationName = TypeNames.Operation(method);
        Operation = new CoalescingOperation(OperationName);
        Shape = shape;
        _template = template;
        _intercept = intercept;

        var parameters = method.GetParameters();
        CancellationTokenIndex = Array.FindIndex(parameters, static p => p.ParameterType == typeof(CancellationToken));
        _keyIndexes = [.. Enumerable.Range(0, parameters.Length).Where(i => parameters[i].ParameterType != typeof(CancellationToken))];
        _keyIsAllArguments = _keyIndexes.Length == parameters.Length;
    }

    /// <summary>Gets the interface method, closed for a generic method.</summary>
    public MethodInfo Method { get; }

    /// <summary>Gets the name that identifies the method in messages and metrics: <c>IUserRepository.GetUserAsync</c>.</summary>
    public string OperationName { get; }

    /// <summary>Gets the operation the method's calls run as: per-operation stats and the metrics' operation tag.</summary>
    public CoalescingOperation Operation { get; }

    public ReturnShape Shape { get; }

    /// <summary>Gets the index of the first <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    /// <summary>Coalesces one call of the method through <paramref name="coalescer"/>.</summary>
    public void Intercept(Coalescer coalescer, IInvocation invocation) => _intercept(coalescer, this, invocation);

    /// <summary>Makes the key for a call with <paramref name="arguments"/>.</summary>
    public object CreateKey(object?[] arguments)
    {
        if (_template is not null)
        {
            return _template.Format(arguments);
        }

        // Stryker disable once Block : skipping it copies the same values into a new array; only an allocation is saved.
        if (_keyIsAllArguments)
        {
            // The invocation's own array: nobody writes to it once the call is made, since only a token is ever replaced.
            return new InvocationKey(this, arguments);
        }

        var values = new object?[_keyIndexes.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = arguments[_keyIndexes[i]];
        }

        return new InvocationKey(this, values);
    }

    /// <summary>Gets the caller's own token from <paramref name="arguments"/>: it ends only this caller's wait.</summary>
    public CancellationToken CallerToken(object?[] arguments) =>
        CancellationTokenIndex < 0 ? CancellationToken.None : (CancellationToken)arguments[CancellationTokenIndex]!;
}
