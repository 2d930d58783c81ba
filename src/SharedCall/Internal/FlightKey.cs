namespace SharedCall.Internal;

/// <summary>A caller's key with its hash code computed once.</summary>
/// <remarks>
/// The hash is taken when the call starts, and equality tries reference equality before <see cref="object.Equals(object)"/>.
/// Removing a flight with the key it was stored under therefore runs no user code, so a key whose
/// <c>GetHashCode</c> or <c>Equals</c> throws fails its own caller and can never leave an entry stuck in the table.
/// </remarks>
internal readonly struct FlightKey : IEquatable<FlightKey>
{
    private readonly int _hash;

    public FlightKey(object value)
    {
        Value = value;
        _hash = value.GetHashCode();
    }

    public object Value { get; }

    public bool Equals(FlightKey other) =>
        _hash == other._hash && (ReferenceEquals(Value, other.Value) || Value.Equals(other.Value));

    public override bool Equals(object? obj) => obj is FlightKey other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() => Value.ToString() ?? string.Empty;
}
