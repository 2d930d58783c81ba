namespace SharedCall.Reliability.Tests.BadInput;

/// <summary>Keys that break the rules of <see cref="object.Equals(object)"/> and <see cref="object.GetHashCode"/>.</summary>
internal sealed class ThrowingHashKey
{
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => throw new NotSupportedException("hash of a bad key");
}

/// <summary>Hashes like the int 7 (so it shares a bucket with it) but throws when compared with anything else.</summary>
internal sealed class ThrowingEqualsKey
{
    public override bool Equals(object? obj) => ReferenceEquals(this, obj) ? true : throw new NotSupportedException("equality of a bad key");

    public override int GetHashCode() => 7;
}

/// <summary>Claims to equal everything, with a hash that never repeats: Equals and GetHashCode disagree.</summary>
internal sealed class DisagreeingKey
{
    private static int s_next;
    private readonly int _hash = Interlocked.Increment(ref s_next);

    public override bool Equals(object? obj) => obj is DisagreeingKey;

    public override int GetHashCode() => _hash;
}

/// <summary>A key whose hash and equality change while it is in flight.</summary>
internal sealed class MutableKey(int value)
{
    public int Value { get; set; } = value;

    public override bool Equals(object? obj) => obj is MutableKey other && other.Value == Value;

    public override int GetHashCode() => Value;
}

/// <summary>A key whose ToString throws, as some proxies and lazily loaded entities do.</summary>
internal sealed class ThrowingToStringKey
{
    public override string ToString() => throw new NotSupportedException("ToString of a bad key");
}
