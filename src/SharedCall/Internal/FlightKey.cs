using System.Runtime.CompilerServices;

namespace SharedCall.Internal;

/// <summary>A caller's key with its hash code computed once.</summary>
/// <remarks>
/// <para>
/// The hash is taken when the call starts, and <see cref="Matches"/> tries reference equality before <see cref="object.Equals(object)"/>.
/// The flight table stores the key and hash on the flight itself; removing a flight compares flights by reference,
/// so it runs no user code, even when another key in the same bucket has an <c>Equals</c> that throws.
/// </para>
/// <para>
/// A deferred key (<see cref="Deferred(IDeferredKey, object, int)"/>) is the caller's data and the rules that make a key of
/// them: it is compared without a key object, and <see cref="ToStored"/> makes one only for a caller that leads.
/// </para>
/// <para>
/// It is passed by value, never with <c>in</c>: a key whose address some call takes lives in memory, and the join that
/// inlines it then zeroes and reloads a stack frame on every call (B2 in bench/: 18.6 against 13.9 ns).
/// </para>
/// </remarks>
internal readonly struct FlightKey
{
    private readonly IDeferredKey? _deferred;

    public FlightKey(object value)
    {
        Value = value;
        Hash = value.GetHashCode();
    }

    private FlightKey(object value, int hash, IDeferredKey? deferred)
    {
        Value = value;
        Hash = hash;
        _deferred = deferred;
    }

    /// <summary>Gets the key object; for a deferred key, the caller's data that <see cref="ToStored"/> makes it from.</summary>
    public object Value { get; }

    public int Hash { get; }

    /// <summary>Rebuilds the key of a stored flight without calling <see cref="object.GetHashCode"/> again.</summary>
    public static FlightKey WithHash(object value, int hash) => new(value, hash, deferred: null);

    /// <summary>A key that <paramref name="rules"/> compare and make from <paramref name="data"/>, whose hash is <paramref name="hash"/>.</summary>
    public static FlightKey Deferred(IDeferredKey rules, object data, int hash) => new(data, hash, rules);

    /// <summary>
    /// Whether a stored key (<paramref name="stored"/>, with <paramref name="storedHash"/>) is this key: only this, the
    /// caller's, key's <c>Equals</c> ever runs, so a stored key whose <c>Equals</c> throws cannot fail other callers.
    /// </summary>
    public bool Matches(object stored, int storedHash) =>
        Hash == storedHash
        && (_deferred is null ? ReferenceEquals(Value, stored) || Value.Equals(stored) : _deferred.Matches(Value, stored));

    /// <summary>Gets the key to store with a flight this caller leads: itself, or the key object a deferred key stands for.</summary>
    // Inlined so that no path takes the caller's key by reference: a key whose address is taken lives in memory.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FlightKey ToStored() => _deferred is null ? this : new(_deferred.CreateKey(Value, Hash), Hash, deferred: null);

    public override string ToString() => ToStored().Value.ToString() ?? string.Empty;
}
