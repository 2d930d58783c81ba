namespace SharedCall.Reliability.Tests.Invariants;

/// <summary>
/// The core's races as Coyote scenarios. Each runs under the systematic scheduler, which interleaves the tasks at
/// every await, lock, Interlocked/Volatile operation and concurrent-collection access of the rewritten core
/// (SharedCall.Reliability.Coyote.Tests, built with COYOTE), and on real threads (InterleavingTests).
/// </summary>
internal static class Scenarios
{
#if COYOTE
    private static Oracle NewOracle() => new(Pause) { Trace = new(), CompleteWorksAsynchronously = true };
#else
    private static Oracle NewOracle() => new(Pause) { Trace = new() };
#endif

    // Task.WhenAll(a, b) binds to the params ReadOnlySpan overload (.NET 9), which Coyote 1.7.11 does not rewrite:
    // its task would be uncontrolled. The array overload is rewritten.
    private static Task All(params Task[] tasks) => Task.WhenAll(tasks);

    private static async Task Pause(CancellationToken token)
    {
        await Task.Yield();
        token.ThrowIfCancellationRequested();
    }

    public static async Task Join_vs_completion()
    {
        var coalescer = new Coalescer();
        var oracle = NewOracle();
        await All(
            Task.Run(() => oracle.CallAsync(coalescer, "k", WorkKind.Value)),
            Task.Run(() => oracle.CallAsync(coalescer, "k", WorkKind.ValueSynchronously)),
            Task.Run(() => oracle.Call(coalescer, "k", WorkKind.Value)),
            Task.Run(() => oracle.CallAsync(coalescer, "k", WorkKind.Fault)));

        // Nothing is cached: a caller after every outcome is out starts a new execution.
        var before = oracle.ExecutionCount;
        await oracle.CallAsync(coalescer, "k", WorkKind.Value);
        if (oracle.ExecutionCount != before + 1)
        {
            oracle.Violation("a caller after completion joined the finished execution");
        }

        Oracle.ThrowIfViolated(await oracle.QuiesceAsync(coalescer));
    }

    public static async Task Forget_vs_completion()
    {
        var coalescer = new Coalescer();
        var oracle = NewOracle();
        var first = Task.Run(() => oracle.CallAsync(coalescer, "k", WorkKind.Value));
        var afterForget = Task.Run(async () =>
        {
            oracle.Forget(coalescer, "k");
            await oracle.CallAsync(coalescer, "k", WorkKind.IgnoreToken);
        });
        var joiner = Task.Run(() => oracle.CallAsync(coalescer, "k", WorkKind.Fault));
        await first;

        // The forgotten execution has completed: it must not have evicted its successor.
        var late = oracle.CallAsync(coalescer, "k", WorkKind.Value);
        await All(afterForget, joiner, late);
        Oracle.ThrowIfViolated(await oracle.QuiesceAsync(coalescer));
    }

    public static Task Last_caller_cancels_vs_completion_vs_new_joiner_honouring_token() =>
        LastCallerCancels(WorkKind.HonourToken);

    public static Task Last_caller_cancels_vs_completion_vs_new_joiner_ignoring_token() =>
        LastCallerCancels(WorkKind.IgnoreToken);

    private static async Task LastCallerCancels(WorkKind work)
    {
        var coalescer = new Coalescer();
        var oracle = NewOracle();
        using var leaderCancellation = new CancellationTokenSource();
        using var joinerCancellation = new CancellationTokenSource();
        var leader = oracle.CallAsync(coalescer, "k", work, leaderCancellation.Token);
        var joiner = oracle.CallAsync(coalescer, "k", WorkKind.Value, joinerCancellation.Token);
        await All(
            leader,
            joiner,
            Task.Run(leaderCancellation.Cancel),
            Task.Run(joinerCancellation.Cancel),
            Task.Run(() => oracle.CallAsync(coalescer, "k", WorkKind.Value)));
        Oracle.ThrowIfViolated(await oracle.QuiesceAsync(coalescer));
    }

    public static async Task Sync_leader_vs_async_joiner_of_another_key()
    {
        var coalescer = new Coalescer();
        var oracle = NewOracle();
        using var cancellation = new CancellationTokenSource();
        Task? nested = null;

        // The sync leader of k1 calls k2 from inside its work, on its own thread: that is not re-entrance.
        var syncLeader = Task.Run(() => oracle.Call(
            coalescer,
            "k1",
            WorkKind.Value,
            during: () => nested = oracle.CallAsync(coalescer, "k2", WorkKind.Value)));
        await All(
            syncLeader,
            Task.Run(() => oracle.CallAsync(coalescer, "k2", WorkKind.Value, cancellation.Token)),
            Task.Run(() => oracle.CallAsync(coalescer, "k1", WorkKind.Value)),
            Task.Run(() => oracle.Call(coalescer, "k2", WorkKind.ThrowSynchronously)),
            Task.Run(cancellation.Cancel));
        if (nested is not null)
        {
            await nested;
        }

        Oracle.ThrowIfViolated(await oracle.QuiesceAsync(coalescer));
    }

    public static async Task ForgetAll_during_a_burst()
    {
        var coalescer = new Coalescer();
        var oracle = NewOracle();
        using var cancellation = new CancellationTokenSource();
        await All(
            Task.Run(() => oracle.CallAsync(coalescer, "k0", WorkKind.Value)),
            Task.Run(() => oracle.CallAsync(coalescer, "k1", WorkKind.IgnoreToken, cancellation.Token)),
            Task.Run(() => oracle.Call(coalescer, "k0", WorkKind.Value)),
            Task.Run(() => oracle.ForgetAll(coalescer)),
            Task.Run(() => oracle.CallAsync(coalescer, "k1", WorkKind.Cancel)),
            Task.Run(() => oracle.CallAsync(coalescer, "k0", WorkKind.Fault)),
            Task.Run(cancellation.Cancel));
        await oracle.CallAsync(coalescer, "k0", WorkKind.Value);
        Oracle.ThrowIfViolated(await oracle.QuiesceAsync(coalescer));
    }
}
