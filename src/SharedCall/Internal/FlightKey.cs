namespace SharedCall.Internal;

/// <summary>A caller's key with its hash code computed once.</summary>
/// <remarks>
/// The hash is taken when the call starts, and <see cref="Matches"/> tries reference equality before <see cref="object.Equals(object)"/>.
/// The flight table stores the key and hash on the flight itself; removing a flight compares flights by reference,
/// so it runs no user code, even when another key in the same bucket has an <c>Equals</c> that throws.
/// </remarks>
internal readonly struct FlightKey
{
    public FlightKey(object value)
    {
        Value = value;
        Hash = value.GetHashCode();
    }

    private FlightKey(object value, int hash)
    {
        Value = value;
        Hash = hash;
    }

    public object Value { get; }

    public int Hash { get; }

    /// <summary>Rebuilds the key of a stored flight without calling <see cref="object.GetHashCode"/> again.</summary>
    public static FlightKey WithHash(object value, int hash) => new(value, hash);

    /// <summary>
    /// Whether a stored key (<paramref name="stored"/>, with <paramref name="storedHash"/>) is this key: only this, the
    /// caller's, key's <c>Equals</c> ever runs, so a stored key whose <c>Equals</c> throws cannot fail other callers.
    /// </summary>
    public bool Matches(object stored, int storedHash) => Hash == storedHash && (ReferenceEquals(Value, stored) || Value.Equals(stored));

    public override string ToString() => Value.ToString() ?? string.Empty;
}
