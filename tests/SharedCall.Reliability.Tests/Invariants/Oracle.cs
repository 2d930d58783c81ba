using System.Collections.Concurrent;

namespace SharedCall.Reliability.Tests.Invariants;

/// <summary>
/// Builds the works and callers of a test and checks the four invariants of coalescing on what they saw:
/// (1) every caller completes exactly once with its execution's outcome or its own cancellation;
/// (2) Misses = executions, Hits = callers that joined, Active = 0 and an empty table after quiescence;
/// (3) two executions of a key overlap only across a Forget/ForgetAll or an abandoned execution;
/// (4) the work's token is cancelled iff every caller of the execution cancelled.
/// </summary>
internal sealed partial class Oracle
{
    private readonly Func<CancellationToken, Task> _pause;
    private readonly ConcurrentQueue<Execution> _executions = new();
    private readonly ConcurrentDictionary<object, List<Execution>> _running = new();
    private readonly ConcurrentDictionary<CancellationToken, Execution> _cancelTags = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<(Execution Older, Execution Newer)> _unexplainedOverlaps = new();
    private long _nextId;
    private long _forgetsStarted;
    private long _forgetsCompleted;
    private long _entered;
    private long _maybeEntered;
    private long _resets;

    /// <param name="pause">What a work awaits between its steps; it must throw when its token is cancelled.</param>
    public Oracle(Func<CancellationToken, Task> pause) => _pause = pause;

    public int ExecutionCount => _executions.Count;

    public long Calls => Interlocked.Read(ref _entered) + Interlocked.Read(ref _maybeEntered);

    public IReadOnlyCollection<string> Violations => _violations;

    public void Violation(string message) => _violations.Enqueue(Trace is null ? message : message + "\ntrace:\n" + string.Join("\n", Trace));

    /// <summary>When set, the events of the test in order, appended to every violation (for small scenarios only).</summary>
    public ConcurrentQueue<string>? Trace { get; init; }

    private void Log(string message) => Trace?.Enqueue(message);

    /// <summary>
    /// When set, every async work returns a task that runs its continuations asynchronously, so the core publishes the
    /// outcome in an operation of its own instead of inline where the work ends. Coyote needs it (see
    /// docs/reliability.md): an inline publish runs inside the runtime's AwaitTaskContinuation, whose catch-all turns
    /// the ThreadInterruptedException Coyote ends an iteration with into an unhandled exception that kills the host.
    /// </summary>
    public bool CompleteWorksAsynchronously { get; init; }

    public bool Forget(Coalescer coalescer, object key)
    {
        Log($"forget '{key}' starts");
        Interlocked.Increment(ref _forgetsStarted);
        try
        {
            return coalescer.Forget(key);
        }
        finally
        {
            Interlocked.Increment(ref _forgetsCompleted);
            Log($"forget '{key}' ends");
        }
    }

    public void ForgetAll(Coalescer coalescer)
    {
        Interlocked.Increment(ref _forgetsStarted);
        coalescer.ForgetAll();
        Interlocked.Increment(ref _forgetsCompleted);
    }

    /// <summary>Resets the stats: from then on Hits and Misses can only be checked as bounds.</summary>
    public void ResetStats(Coalescer coalescer)
    {
        Interlocked.Increment(ref _resets);
        coalescer.ResetStats();
    }

    private Execution StartExecution(object key, long forgetsCompletedBefore, bool attributable, CancellationToken token)
    {
        var execution = new Execution(Interlocked.Increment(ref _nextId), key, forgetsCompletedBefore, attributable, token);
        _executions.Enqueue(execution);
        Log($"{execution} starts on thread {Environment.CurrentManagedThreadId} (forgets done before its call: {forgetsCompletedBefore})");
        var running = _running.GetOrAdd(key, static _ => []);
        lock (running)
        {
            foreach (var other in running)
            {
                // Invariant 3: whichever of the two entered the table first was removed before its work ended, which
                // takes a Forget that started after its leader called (these counts only grow, so this is the test)...
                var forgetsStarted = Interlocked.Read(ref _forgetsStarted);
                if (forgetsStarted == other.ForgetsCompletedBefore && forgetsStarted == forgetsCompletedBefore)
                {
                    // ...or the abandonment of one of them (every caller cancelled), which its token shows at the end.
                    _unexplainedOverlaps.Enqueue((other, execution));
                }
            }

            running.Add(execution);
        }

        return execution;
    }

    private void EndExecution(Execution execution)
    {
        var running = _running[execution.Key];
        lock (running)
        {
            running.Remove(execution);
        }

        Log($"{execution} ends");
        execution.Done.TrySetResult();
    }

    private CancellationToken CancelTag(Execution execution)
    {
        var source = new CancellationTokenSource();
        source.Cancel();
        _cancelTags[source.Token] = execution;
        return source.Token;
    }
}
