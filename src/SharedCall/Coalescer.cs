using System.Diagnostics;
using SharedCall.Internal;

namespace SharedCall;

/// <summary>
/// Coalesces concurrent calls that share a key: the first caller (the leader) runs the work, callers that arrive
/// with an equal key while it runs join it, and every caller gets the same result or the same exception.
/// </summary>
/// <remarks>
/// <para>
/// Nothing is cached: as soon as an execution completes, its key is free and the next caller starts a new one.
/// Keys are compared with <see cref="object.Equals(object)"/> and <see cref="object.GetHashCode"/>.
/// </para>
/// <para>
/// Every caller receives the same result object: if it is mutable, one caller's changes are visible to the others.
/// Coalesce reads, not writes: a call with side effects that must happen once per caller must not be coalesced.
/// </para>
/// <para>All members are safe to call from any number of threads at once.</para>
/// </remarks>
[DebuggerDisplay("Name = {Name}, InFlight = {InFlightCount}")]
public sealed partial class Coalescer
{
#pragma warning disable CA1859 // The table is a seam: a cross-process table will sit beside the in-memory one.
    private readonly IFlightTable _table;
#pragma warning restore CA1859
    private readonly StatsCounters _stats = new();

    /// <summary>Initializes a new coalescer with default options.</summary>
    public Coalescer()
        : this(new CoalescerOptions())
    {
    }

    /// <summary>Initializes a new coalescer.</summary>
    /// <param name="options">The settings; their values are copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options' <see cref="CoalescerOptions.Name"/> is null, empty or white space.</exception>
    public Coalescer(CoalescerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            throw new ArgumentException(ErrorMessages.EmptyName, nameof(options));
        }

        Name = options.Name;
        _table = new InMemoryFlightTable();
    }

    /// <summary>Gets the name that identifies this coalescer in metrics and traces.</summary>
    public string Name { get; }

    /// <summary>Gets the number of keys with an execution in flight.</summary>
    internal int InFlightCount => _table.Count;

    /// <summary>
    /// Forgets the execution in flight for <paramref name="key"/>: the next caller with that key starts a new execution.
    /// </summary>
    /// <remarks>Callers already waiting for the forgotten execution still receive its outcome.</remarks>
    /// <param name="key">The key to forget.</param>
    /// <returns><see langword="true"/> when an execution for <paramref name="key"/> was in flight.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool Forget(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _table.Remove(new FlightKey(key));
    }

    /// <summary>Forgets every execution in flight, as <see cref="Forget(object)"/> does for one key.</summary>
    public void ForgetAll() => _table.Clear();

    /// <summary>Gets a snapshot of the counters.</summary>
    /// <returns>Hits, misses, errors since the last reset, and the executions in flight now.</returns>
    public CoalescingStats GetStats() => _stats.Snapshot();

    /// <summary>Sets <see cref="CoalescingStats.Hits"/>, <see cref="CoalescingStats.Misses"/> and
    /// <see cref="CoalescingStats.Errors"/> to zero. <see cref="CoalescingStats.Active"/> keeps counting what runs now.</summary>
    public void ResetStats() => _stats.Reset();

    private static Flight<T> Join<T>(Flight existing, object key)
    {
        if (existing is not Flight<T> flight)
        {
            throw new InvalidOperationException(ErrorMessages.ResultTypeMismatch(key, existing.ResultType, typeof(T)));
        }

        if (flight.IsLedByCurrentThread)
        {
            throw new InvalidOperationException(ErrorMessages.Reentrant(key));
        }

        return flight;
    }
}
