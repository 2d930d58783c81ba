namespace SharedCall.Internal;

/// <summary>A caller's key with its hash code computed once.</summary>
/// <remarks>
/// The hash is taken when the call starts, and equality tries reference equality before <see cref="object.Equals(object)"/>.
/// A key made by <see cref="ForRemoval"/> matches by reference only, so removing a flight runs no user code, even
/// when another key in the same bucket has an <c>Equals</c> that throws: a bad key fails its own caller and can
/// never leave an entry stuck in the table or an outcome unpublished.
/// </remarks>
internal readonly struct FlightKey : IEquatable<FlightKey>
{
    private readonly int _hash;
    private readonly bool _identityOnly;

    public FlightKey(object value)
    {
        Value = value;
        _hash = value.GetHashCode();
    }

    private FlightKey(object value, int hash)
    {
        Value = value;
        _hash = hash;
        _identityOnly = true;
    }

    public object Value { get; }

    /// <summary>Gets this key as one that equals only keys holding the very same object.</summary>
    public FlightKey ForRemoval() => new(Value, _hash);

    public bool Equals(FlightKey other) =>
        _hash == other._hash
        && (ReferenceEquals(Value, other.Value) || (!_identityOnly && !other._identityOnly && Value.Equals(other.Value)));

    public override bool Equals(object? obj) => obj is FlightKey other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => Value.ToString() ?? string.Empty;
}
