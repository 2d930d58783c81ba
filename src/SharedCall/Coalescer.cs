using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
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
    private readonly bool _detectReentrantAsyncCalls;
    private readonly CoalescerMetrics _metrics;
    private readonly OperationScope _defaultScope;
    private readonly ConcurrentDictionary<string, OperationScope> _operations = new(StringComparer.Ordinal);

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
        TimeProvider = options.TimeProvider ?? throw new ArgumentException(ErrorMessages.NullTimeProvider, nameof(options));
        _detectReentrantAsyncCalls = options.DetectReentrantAsyncCalls;
        _remote = options.RemoteCoalescing;
        _table = new InMemoryFlightTable();
        _metrics = options.MeterFactory is { } factory
            ? CoalescerMetrics.For(factory.Create(new MeterOptions(Telemetry.Name)))
            : CoalescerMetrics.Shared;
        _defaultScope = new OperationScope(this, _table, _metrics, operation: null);
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
    /// <returns>
    /// <see langword="true"/> when an execution for <paramref name="key"/> was in flight, or its result was kept for
    /// reuse (<see cref="CoalescingOperation.ReuseFor"/>) and the window is now ended.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool Forget(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var flightKey = new FlightKey(key);

        // A kept result whose window is over is dropped as well, but it ended nothing.
        var overWindow = _table.Find(flightKey) is { } found && IsOverWindow(found);
        return _table.Remove(flightKey) && !overWindow;
    }

    /// <summary>Forgets every execution in flight, as <see cref="Forget(object)"/> does for one key.</summary>
    public void ForgetAll() => _table.Clear();

    /// <summary>Gets a snapshot of the counters.</summary>
    /// <returns>Hits, misses, errors since the last reset, and the executions in flight now.</returns>
    public CoalescingStats GetStats()
    {
        // Every call counts in its own scope only (see OperationScope.Stats): the coalescer's figures are their sum.
        var total = _defaultScope.Stats.Snapshot();
        foreach (var scope in _operations.Values)
        {
            total = StatsCounters.Add(total, scope.Stats.Snapshot());
        }

        return total;
    }

    /// <summary>Sets <see cref="CoalescingStats.Hits"/>, <see cref="CoalescingStats.Misses"/> and
    /// <see cref="CoalescingStats.Errors"/> to zero. <see cref="CoalescingStats.Active"/> keeps counting what runs now.</summary>
    public void ResetStats()
    {
        _defaultScope.Stats.Reset();
        foreach (var scope in _operations.Values)
        {
            scope.Stats.Reset();
        }
    }

    /// <summary>Gets a snapshot of the counters of one operation (for intercepted calls: one interface method).</summary>
    /// <param name="operation">The operation's name, such as <c>"IUserRepository.GetUserAsync"</c>.</param>
    /// <returns>The operation's counters; all zero for an operation that has not been called.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    public CoalescingStats GetStats(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return _operations.TryGetValue(operation, out var scope) ? scope.Stats.Snapshot() : default;
    }

    /// <summary>Gets a snapshot of the counters of every operation called so far, by operation name.</summary>
    /// <returns>A new dictionary, safe to keep; calls made without an operation are only in <see cref="GetStats()"/>.</returns>
    public IReadOnlyDictionary<string, CoalescingStats> GetOperationStats()
    {
        var snapshot = new Dictionary<string, CoalescingStats>(StringComparer.Ordinal);
        foreach (var (name, scope) in _operations)
        {
            snapshot[name] = scope.Stats.Snapshot();
        }

        return snapshot;
    }

    internal OperationScope ScopeFor(string operation) =>
        _operations.GetOrAdd(operation, static (name, owner) => new OperationScope(owner, owner._table, owner._metrics, name), this);

    /// <summary>
    /// Joins the execution in flight for <paramref name="key"/>, or starts one that the caller leads: the one loop
    /// every call shape goes through.
    /// </summary>
    /// <param name="scope">The operation the call counts in.</param>
    /// <param name="key">The caller's key.</param>
    /// <param name="cancellable">Whether the caller's token can be cancelled (see <see cref="Flight{T}"/>).</param>
    /// <param name="leads">Set when the caller must run the work; otherwise it waits for the returned flight.</param>
    private Flight<T> JoinOrStart<T>(OperationScope scope, FlightKey key, bool cancellable, out bool leads)
    {
        while (true)
        {
            if (_table.Find(key) is { } existing)
            {
                var flight = Join<T>(existing, key);
                if (flight.TryJoin())
                {
                    scope.CallerJoined(flight);
                    leads = false;
                    return flight;
                }

                // A result kept for reuse, still in its window, serves the caller as it is.
                if (IsReusable(flight))
                {
                    scope.CallerReused();
                    leads = false;
                    return flight;
                }

                // Every caller of that execution cancelled, or its reuse window is over: it is on its way out of the table; help it along.
                _table.TryRemove(existing);
                continue;
            }

            var leader = new Flight<T>(key.ToStored(), scope, cancellable || scope.TimesOut);
            if (_table.TryAdd(leader))
            {
                scope.ExecutionStarted(leader);
                leads = true;
                return leader;
            }
        }
    }

    private Flight<T> Join<T>(Flight existing, FlightKey key)
    {
        if (existing is not Flight<T> flight)
        {
            throw ResultTypeMismatch(key, existing, typeof(T));
        }

        if (flight.IsLedByCurrentThread || (_detectReentrantAsyncCalls && ExecutionChain.IsInside(flight)))
        {
            throw Reentrant(key);
        }

        return flight;
    }

    // The throws are built out of line: inlined, the key each one makes would take stack space every join must zero.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException ResultTypeMismatch(FlightKey key, Flight existing, Type requested) =>
        new(ErrorMessages.ResultTypeMismatch(key.ToStored().Value, existing.ResultType, requested));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException Reentrant(FlightKey key) => new(ErrorMessages.Reentrant(key.ToStored().Value));
}
