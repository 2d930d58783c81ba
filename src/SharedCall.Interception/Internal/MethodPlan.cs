using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Castle.DynamicProxy;
using SharedCall.Advanced;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Everything a call of one coalesced method needs, worked out once per (closed) method: which arguments make the
/// key, where the <see cref="CancellationToken"/> is, and the handler for its return shape. A call then does no
/// reflection: it reads this plan, builds the key and calls the core.
/// </summary>
[DebuggerDisplay("{OperationName,nq} ({Shape})")]
internal sealed partial class MethodPlan : IDeferredKey
{
    private readonly KeyTemplate? _template;
    private readonly InvocationKey? _onlyKey;
    private readonly FlightKey _onlyFlightKey;
    private readonly Action<Coalescer, MethodPlan, IInvocation> _intercept;

    // The index of a default key's only argument, when there is one and it cannot be an array; otherwise -1.
    private readonly int _singleKeyIndex;

    private MethodPlan(MethodInfo method, ReturnShape shape, KeyTemplate? template, Action<Coalescer, MethodPlan, IInvocation> intercept)
    {
        Method = method;
        OperationName = TypeNames.Operation(method);
        Operation = new CoalescingOperation(OperationName);
        Shape = shape;
        _template = template;
        _intercept = intercept;
        Hash = RuntimeHelpers.GetHashCode(this);

        var parameters = method.GetParameters();
        CancellationTokenIndex = Array.FindIndex(parameters, static p => p.ParameterType == typeof(CancellationToken));
        KeyIndexes = [.. Enumerable.Range(0, parameters.Length).Where(i => parameters[i].ParameterType != typeof(CancellationToken))];
        KeyMayHoldArrays = Array.Exists(KeyIndexes, i => ArgumentEquality.CanBeArray(parameters[i].ParameterType));
        _singleKeyIndex = KeyIndexes.Length == 1 && !KeyMayHoldArrays ? KeyIndexes[0] : -1;

        // Without key arguments every call has the same key: made once, so such calls allocate none.
        if (template is null && KeyIndexes.Length == 0)
        {
            _onlyKey = new InvocationKey(this, [], HashOf([]));
            _onlyFlightKey = new FlightKey(_onlyKey);
        }
    }

    /// <summary>Gets the indexes of the arguments that make the default key: every one but <see cref="CancellationToken"/>s.</summary>
    public int[] KeyIndexes { get; }

    /// <summary>Gets whether a key argument's type admits arrays, which are compared element by element.</summary>
    public bool KeyMayHoldArrays { get; }

    /// <summary>Gets the plan's identity hash, read once here rather than from the object header on every key.</summary>
    public int Hash { get; }

    /// <summary>Gets the interface method, closed for a generic method.</summary>
    public MethodInfo Method { get; }

    /// <summary>Gets the name that identifies the method in messages and metrics: <c>IUserRepository.GetUserAsync</c>.</summary>
    public string OperationName { get; }

    /// <summary>Gets the operation the method's calls run as: per-operation stats and the metrics' operation tag.</summary>
    public CoalescingOperation Operation { get; }

    public ReturnShape Shape { get; }

    /// <summary>Gets whether the method's key is a key template's string rather than its arguments.</summary>
    public bool HasKeyTemplate => _template is not null;

    /// <summary>Gets the index of the first <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    /// <summary>Coalesces one call of the method through <paramref name="coalescer"/>.</summary>
    public void Intercept(Coalescer coalescer, IInvocation invocation) => _intercept(coalescer, this, invocation);

    /// <summary>Makes the key for a call with <paramref name="arguments"/>, to keep (as <see cref="CallKey"/> does).</summary>
    public object CreateKey(object?[] arguments) =>
        _template is not null ? _template.Format(arguments) : _onlyKey ?? new InvocationKey(this, arguments, HashOf(arguments));

    /// <summary>
    /// Gets the core's key for an intercepted call with <paramref name="arguments"/>, the invocation's own array: a
    /// default key stays deferred, so only a call that leads makes its <see cref="InvocationKey"/> (see <see cref="IDeferredKey"/>).
    /// </summary>
    public FlightKey FlightKeyFor(object?[] arguments)
    {
        if (_template is not null)
        {
            return new FlightKey(_template.Format(arguments));
        }

        return _onlyKey is null ? FlightKey.Deferred(this, arguments, HashOf(arguments)) : _onlyFlightKey;
    }

    /// <summary>Gets the hash of the default key of a call with <paramref name="arguments"/>.</summary>
    public int HashOf(object?[] arguments)
    {
        // Most keyed methods take one argument: its hash is combined straight, with no loop and no array test, which
        // made the general loop below one of the largest costs of a one-argument leader.
        if (_singleKeyIndex >= 0)
        {
            return HashCode.Combine(Hash, ArgumentEquality.GetHashCode(arguments[_singleKeyIndex], mayBeArray: false));
        }

        var hash = default(HashCode);
        hash.Add(Hash);
        foreach (var index in KeyIndexes)
        {
            hash.Add(ArgumentEquality.GetHashCode(arguments[index], KeyMayHoldArrays));
        }

        return hash.ToHashCode();
    }

    // The data of this plan's deferred keys are always a call's argument array (FlightKeyFor), so no cast is checked.
    bool IDeferredKey.Matches(object data, object stored) =>
        stored is InvocationKey key && key.IsKeyOf(this, Unsafe.As<object?[]>(data));

    object IDeferredKey.CreateKey(object data, int hash) => new InvocationKey(this, Unsafe.As<object?[]>(data), hash);

    /// <summary>Gets the caller's own token from <paramref name="arguments"/>: it ends only this caller's wait.</summary>
    public CancellationToken CallerToken(object?[] arguments) =>
        CancellationTokenIndex < 0 ? CancellationToken.None : (CancellationToken)arguments[CancellationTokenIndex]!;
}
