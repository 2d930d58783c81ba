using System.Diagnostics;

namespace SharedCall.Interception.Internal;

/// <summary>
/// The default key of a coalesced call, as the flight table keeps it: the method (through its plan, one per closed
/// method) and the argument values that are part of the key (the plan's <see cref="MethodPlan.KeyIndexes"/> into the
/// call's own argument array, which nobody writes to once the call is made but for a token, never part of the key).
/// </summary>
/// <remarks>
/// Only a call that leads an execution (or <see cref="CallKey"/>) makes one: a call that joins is compared with the
/// stored keys straight from its arguments (<see cref="IsKeyOf"/>), so it needs no key object.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class InvocationKey : IEquatable<InvocationKey>
{
    private readonly MethodPlan _plan;
    private readonly object?[] _arguments;
    private readonly int _hash;

    /// <summary>Makes the key of a call with <paramref name="arguments"/>, whose hash is <paramref name="hash"/> (<see cref="MethodPlan.HashOf"/>).</summary>
    public InvocationKey(MethodPlan plan, object?[] arguments, int hash)
    {
        _plan = plan;
        _arguments = arguments;
        _hash = hash;
    }

    /// <summary>
    /// Whether a call of <paramref name="plan"/>'s method with <paramref name="arguments"/> has this key: only the
    /// call's arguments' <c>Equals</c> runs, never this key's, as when the flight table compares keys.
    /// </summary>
    public bool IsKeyOf(MethodPlan plan, object?[] arguments)
    {
        if (!ReferenceEquals(_plan, plan))
        {
            return false;
        }

        foreach (var index in plan.KeyIndexes)
        {
            if (!ArgumentEquality.AreEqual(arguments[index], _arguments[index], plan.KeyMayHoldArrays))
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(InvocationKey? other) =>
        ReferenceEquals(this, other) || (other is not null && _hash == other._hash && other.IsKeyOf(_plan, _arguments));

    public override bool Equals(object? obj) => Equals(obj as InvocationKey);

    public override int GetHashCode() => _hash;

    // Shown in the core's error messages and in a debugger: "IUserRepository.GetUserAsync(42)".
    public override string ToString() =>
        _plan.OperationName + "(" + string.Join(", ", _plan.KeyIndexes.Select(i => _arguments[i])) + ")";
}
