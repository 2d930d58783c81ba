using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace SharedCall.Advanced;

/// <summary>A caller's key with its hash code computed once, for <see cref="Coalescer"/>'s advanced overloads.</summary>
/// <remarks>
/// <para>
/// For integrations that call the coalescer on every call (such as SharedCall.Interception's proxies): a key made
/// with <see cref="FlightKey(object)"/> behaves exactly like the same key passed as an <see cref="object"/>, and
/// <see cref="Deferred(IDeferredKey, object, int)"/> lets a caller that joins an execution in flight skip making a
/// key object at all. The <see langword="default"/> value is not a key: pass only keys made by these members.
/// </para>
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
/// inlines it then zeroes and reloads a stack frame on every call, which the join benchmark shows.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public readonly struct FlightKey
{
    private readonly IDeferredKey? _deferred;

    /// <summary>Initializes a key for <paramref name="value"/>, taking its hash code now.</summary>
    /// <param name="value">The key object; callers with equal key objects share one execution.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public FlightKey(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
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

    /// <summary>Gets the key's hash code, computed once.</summary>
    public int Hash { get; }

    /// <summary>Rebuilds the key of a stored flight without calling <see cref="object.GetHashCode"/> again.</summary>
    internal static FlightKey WithHash(object value, int hash) => new(value, hash, deferred: null);

    /// <summary>Makes a key that <paramref name="rules"/> compare and make from <paramref name="data"/>, whose hash is <paramref name="hash"/>.</summary>
    /// <param name="rules">Compares <paramref name="data"/> with stored keys and makes the key object when the caller leads.</param>
    /// <param name="data">The caller's data, such as a call's argument array; not copied, so it must not change during the call.</param>
    /// <param name="hash">The hash code of the key <paramref name="data"/> stand for; the key object <paramref name="rules"/> make must return it.</param>
    /// <returns>The key, which makes no key object unless its caller leads an execution.</returns>
    /// <remarks>Arguments are not checked here: this runs on every call of an integration's hot path.</remarks>
    public static FlightKey Deferred(IDeferredKey rules, object data, int hash) => new(data, hash, rules);

    /// <summary>
    /// Whether a stored key (<paramref name="stored"/>, with <paramref name="storedHash"/>) is this key: only this, the
    /// caller's, key's <c>Equals</c> ever runs, so a stored key whose <c>Equals</c> throws cannot fail other callers.
    /// </summary>
    internal bool Matches(object stored, int storedHash) =>
        Hash == storedHash
        && (_deferred is null ? ReferenceEquals(Value, stored) || Value.Equals(stored) : _deferred.Matches(Value, stored));

    /// <summary>Gets the key to store with a flight this caller leads: itself, or the key object a deferred key stands for.</summary>
    // Inlined so that no path takes the caller's key by reference: a key whose address is taken lives in memory.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal FlightKey ToStored() => _deferred is null ? this : new(_deferred.CreateKey(Value, Hash), Hash, deferred: null);

    /// <summary>Gets the text of the key object (made for a deferred key).</summary>
    /// <returns>The key object's <see cref="object.ToString"/>, or an empty string.</returns>
    public override string ToString() => ToStored().Value.ToString() ?? string.Empty;
}
