using System.ComponentModel;

namespace SharedCall.Advanced;

/// <summary>
/// Makes and compares keys from a caller's own data (in SharedCall.Interception: a method's plan and the call's
/// argument array), so a caller that joins an execution in flight needs no key object at all.
/// </summary>
/// <remarks>
/// The key object is made only when the caller leads, for the coalescer to keep. Its hash code must be the one the
/// <see cref="FlightKey"/> carries, and it must equal every caller whose <see cref="Matches"/> it satisfies.
/// Pass an implementation to <see cref="FlightKey.Deferred(IDeferredKey, object, int)"/>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public interface IDeferredKey
{
    /// <summary>Whether the key the caller's <paramref name="data"/> stand for equals <paramref name="stored"/>.</summary>
    /// <remarks>Only the caller's side may run user code (its arguments' <c>Equals</c>), as with a key object.</remarks>
    bool Matches(object data, object stored);

    /// <summary>Makes the key object that <paramref name="data"/> stand for, to be stored with the caller's execution.</summary>
    /// <param name="data">The caller's data.</param>
    /// <param name="hash">The hash the caller's <see cref="FlightKey"/> carries: the new key's hash code.</param>
    object CreateKey(object data, int hash);
}
