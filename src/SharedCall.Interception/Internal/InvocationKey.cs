using System.Diagnostics;

namespace SharedCall.Interception.Internal;

/// <summary>
/// The default key of a coalesced call: the method (through its plan, one per closed method) and the argument
/// values that are part of the key. The hash is computed once, when the call starts.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class InvocationKey : IEquatable<InvocationKey>
{
    private readonly MethodPlan _plan;
    private readonly object?[] _values;
    private readonly int _hash;

    public InvocationKey(MethodPlan plan, object?[] values)
    {
        _plan = plan;
        _values = values;
        var hash = default(HashCode);
        hash.Add(plan);
        foreach (var value in values)
        {
            hash.Add(ArgumentEquality.GetHashCode(value));
        }

        _hash = hash.ToHashCode();
    }

    public bool Equals(InvocationKey? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || _hash != other._hash || !ReferenceEquals(_plan, other._plan) || _values.Length != other._values.Length)
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!ArgumentEquality.AreEqual(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as InvocationKey);

    public override int GetHashCode() => _hash;

    // Shown in the core's error messages and in a debugger: "IUserRepository.GetUserAsync(42)".
    public override string ToString() => _plan.OperationName + "(" + string.Join(", ", _values) + ")";
}
