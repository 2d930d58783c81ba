using System.Diagnostics;

namespace SharedCall.Internal;

/// <summary>One execution of work for a key, as the flight table stores it: the flight is its own table entry.</summary>
/// <remarks>
/// Every byte here is paid per execution (the leader benchmarks in bench/ show it), so the record is packed: the key
/// and its hash are stored as they are (no node, no boxed key), one field holds the leader's thread and the completed
/// mark, and one holds the scope together with the rare extras (the work's token source, telemetry).
/// </remarks>
internal abstract partial class Flight
{
    // While the leader runs the work synchronously: its managed thread id (for the re-entrance check); afterwards 0;
    // once the outcome is published: Completed. Thread ids are positive, so the states cannot collide.
    private const int Completed = -1;

    private readonly object _key;
    private readonly int _hash;
    private int _state;

    // The OperationScope; or, when the work's token can be cancelled, a ScopedCancellation (the token source, which
    // carries the scope); or, once someone measures, a FlightExtras with the scope, the token source and the telemetry.
    private object _context;
    private Flight? _next;

    protected Flight(FlightKey key, OperationScope scope, bool cancellable)
    {
        _key = key.Value;
        _hash = key.Hash;
        _context = cancellable ? new ScopedCancellation(scope) : scope;
    }

    public FlightKey Key => FlightKey.WithHash(_key, _hash);

    public object KeyValue => _key;

    public int Hash => _hash;

    /// <summary>Gets the next flight in the same bucket of <see cref="InMemoryFlightTable"/>.</summary>
    /// <remarks>Written only under the bucket's stripe lock; read without a lock by lookups.</remarks>
    public Flight? Next => Volatile.Read(ref _next);

    public abstract Type ResultType { get; }

    /// <summary>Gets the table the flight is stored in, and the counters and telemetry it updates.</summary>
    public OperationScope Scope => Volatile.Read(ref _context) switch
    {
        OperationScope scope => scope,
        ScopedCancellation cancellation => cancellation.Scope,
        var context => ((FlightExtras)context).Scope,
    };

    public bool IsCompleted => Volatile.Read(ref _state) == Completed;

    public bool IsLedByCurrentThread
    {
        get
        {
            // Most joins find no work running synchronously: then the thread id is not even read.
            var state = Volatile.Read(ref _state);
            // Stryker disable once Equality : thread ids are positive, so state >= 0 && state == id is the same test.
            return state > 0 && state == Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>Gets the token handed to the work: cancelled only when every caller has cancelled.</summary>
    public CancellationToken WorkToken => WorkCancellation?.Token ?? CancellationToken.None;

    /// <summary>Gets whether telemetry fields were set (a start time, the in-flight count, an activity).</summary>
    public bool HasExtras => Volatile.Read(ref _context) is FlightExtras;

    /// <summary>Gets or sets when the execution started, for its duration; 0 when no one measured it.</summary>
    public long StartTimestamp
    {
        get => (Volatile.Read(ref _context) as FlightExtras)?.StartTimestamp ?? 0;
        set
        {
            if (value != 0 || _context is FlightExtras)
            {
                ExtrasForWrite.StartTimestamp = value;
            }
        }
    }

    /// <summary>Gets or sets whether the execution was counted in <c>sharedcall.in_flight</c>, so it is uncounted once.</summary>
    public bool InFlightRecorded
    {
        get => (Volatile.Read(ref _context) as FlightExtras)?.InFlightRecorded ?? false;
        set => ExtrasForWrite.InFlightRecorded = value;
    }

    /// <summary>Gets or sets the execution's activity, when someone listens to traces.</summary>
    public Activity? Activity
    {
        get => (Volatile.Read(ref _context) as FlightExtras)?.Activity;
        set
        {
            if (value is not null || _context is FlightExtras)
            {
                ExtrasForWrite.Activity = value;
            }
        }
    }

    /// <summary>
    /// Gets or sets whether the leader's call is counted in <c>sharedcall.calls</c> when the execution ends (a coalescer
    /// with a cross-process level: only then is it known whether this process ran the work).
    /// </summary>
    public bool LeaderCountPending
    {
        get => (Volatile.Read(ref _context) as FlightExtras)?.LeaderCountPending ?? false;
        set => ExtrasForWrite.LeaderCountPending = value;
    }

    /// <summary>Gets whether another process's execution served this one (see <see cref="MarkServedRemotely"/>).</summary>
    public bool ServedRemotely => (Volatile.Read(ref _context) as FlightExtras)?.ServedRemotely ?? false;

    protected CancellationTokenSource? WorkCancellation => Volatile.Read(ref _context) switch
    {
        ScopedCancellation source => source,
        FlightExtras extras => extras.WorkCancellation,
        _ => null,
    };

    // Extras are written only by the leader before the work starts; other threads read them after the outcome is
    // published or racily (links, the token source), so the extras object is published whole with a volatile write.
    private FlightExtras ExtrasForWrite
    {
        get
        {
            if (_context is FlightExtras extras)
            {
                return extras;
            }

            extras = new FlightExtras { Scope = Scope, WorkCancellation = _context as ScopedCancellation };
            Volatile.Write(ref _context, extras);
            return extras;
        }
    }

    /// <summary>Marks the current thread as running the work, so a re-entrant call on it fails instead of deadlocking.</summary>
    public void EnterWork()
    {
        if (HasDeadline)
        {
            // A deadline may have published the outcome already: the completed mark must stay.
            Interlocked.CompareExchange(ref _state, Environment.CurrentManagedThreadId, 0);
            return;
        }

        Volatile.Write(ref _state, Environment.CurrentManagedThreadId);
    }

    public void SetNext(Flight? next) => Volatile.Write(ref _next, next);

    /// <summary>
    /// Records, before the outcome is published, that another process's execution served this one. Only a measured
    /// execution keeps it: extras are made by the leader before the work starts, never here.
    /// </summary>
    public void MarkServedRemotely()
    {
        if (Volatile.Read(ref _context) is FlightExtras extras)
        {
            extras.ServedRemotely = true;
        }
    }

    public void ExitWork()
    {
        if (HasDeadline)
        {
            Interlocked.CompareExchange(ref _state, 0, Environment.CurrentManagedThreadId);
            return;
        }

        Volatile.Write(ref _state, 0);
    }

    /// <summary>Marks the outcome published, with a full fence (see <c>Flight{T}.Publish</c>).</summary>
    protected void MarkCompleted() => Interlocked.Exchange(ref _state, Completed);

    private sealed class FlightExtras
    {
        public required OperationScope Scope { get; init; }

        public CancellationTokenSource? WorkCancellation { get; init; }

        public long StartTimestamp { get; set; }

        public bool InFlightRecorded { get; set; }

        public Activity? Activity { get; set; }

        /// <summary>Gets or sets the timer of the execution's timeout.</summary>
        public ITimer? Deadline { get; set; }

        /// <summary>Set once, by whoever publishes the outcome first: the work or the deadline.</summary>
#pragma warning disable SA1401, CA1051 // Claimed with Interlocked.
        public int OutcomeClaimed;
#pragma warning restore SA1401, CA1051

        public bool TimedOut { get; set; }

        public bool LeaderCountPending { get; set; }

        public bool ServedRemotely { get; set; }

        /// <summary>Gets or sets the timestamp at which a kept result stops being reused.</summary>
        public long WindowEnd { get; set; }
    }

    // The work's token source carries the scope, so a cancellable flight needs no other object for either.
    private sealed class ScopedCancellation(OperationScope scope) : CancellationTokenSource
    {
        public OperationScope Scope { get; } = scope;
    }
}
