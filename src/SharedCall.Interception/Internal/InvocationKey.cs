using System.Diagnostics;

namespace SharedCall.Interception.Internal;

/// <summary>
/// The default key of a coalesced call: the method (through its plan, one per closed method) and the argument
/// values that are part of the key (the plan's <see cref="MethodPlan.KeyIndexes"/> into the call's own argument
/// array, which nobody writes to once the call is made but for a token, never part of the key). The hash is
/// computed once, when the call starts.
/// </summary>
/// <remarks>
/// A caller that joins an execution in flight needs its key only to find it, so the interceptor rents the key from
/// a per-thread spare (<see cref="Rent"/>) and gives it back after the call (<see cref="Release"/>); only a leader,
/// whose key the flight table keeps, leaves it behind (<see cref="Keep"/>) and the thread makes a new spare. A join
/// through a proxy then allocates no key (B10). The core keeps no reference to a joining caller's key.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
internal sealed class InvocationKey : IEquatable<InvocationKey>
{
    [ThreadStatic]
    private static InvocationKey? t_spare;

    private MethodPlan? _plan;
    private object?[] _arguments = [];
    private int _hash;
    private bool _kept;

    /// <summary>Makes a key that is never reused, as <see cref="CallKey"/> and the keys of methods without key arguments are.</summary>
    public InvocationKey(MethodPlan plan, object?[] arguments)
    {
        Initialize(plan, arguments);
        _kept = true;
    }

    private InvocationKey()
    {
    }

    /// <summary>Gets this thread's spare key, set to this call; it must be handed to <see cref="Release"/> or <see cref="Keep"/>.</summary>
    public static InvocationKey Rent(MethodPlan plan, object?[] arguments)
    {
        // Taken out of the slot while in use: a call made on this thread meanwhile (from an argument's Equals, or
        // the target of a leader) makes its own.
        var key = t_spare ?? new InvocationKey();
        t_spare = null;
        key.Initialize(plan, arguments);
        return key;
    }

    /// <summary>Marks <paramref name="key"/> as held by the flight table: it is never handed out again.</summary>
    public static void Keep(object key)
    {
        if (key is InvocationKey { _kept: false } rented)
        {
            rented._kept = true;
        }
    }

    /// <summary>Gives a rented key that no flight keeps back to this thread, without the call's arguments.</summary>
    public static void Release(object key)
    {
        if (key is InvocationKey { _kept: false } rented)
        {
            rented._plan = null;
            rented._arguments = [];
            t_spare = rented;
        }
    }

    public bool Equals(InvocationKey? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || _hash != other._hash || !ReferenceEquals(_plan, other._plan) || _plan is null)
        {
            return false;
        }

        foreach (var index in _plan.KeyIndexes)
        {
            if (!ArgumentEquality.AreEqual(_arguments[index], other._arguments[index]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as InvocationKey);

    public override int GetHashCode() => _hash;

    // Shown in the core's error messages and in a debugger: "IUserRepository.GetUserAsync(42)".
    public override string ToString() => _plan is null
        ? "(released key)"
        : _plan.OperationName + "(" + string.Join(", ", _plan.KeyIndexes.Select(i => _arguments[i])) + ")";

    private void Initialize(MethodPlan plan, object?[] arguments)
    {
        _plan = plan;
        _arguments = arguments;
        var hash = default(HashCode);
        hash.Add(plan.Hash);
        foreach (var index in plan.KeyIndexes)
        {
            hash.Add(ArgumentEquality.GetHashCode(arguments[index]));
        }

        _hash = hash.ToHashCode();
    }
}
