using SharedCall.Reliability.Tests.Invariants;

namespace SharedCall.Reliability.Tests.Proxies;

/// <summary>
/// The proxied target: each execution does what a random pick says, reports to the oracle, and counts the
/// executions that fail (a fault, a cancellation, a synchronous throw), which the core counts as Errors.
/// </summary>
internal sealed class StressTarget(Oracle oracle) : IStressService
{
    private static readonly WorkKind[] s_asyncKinds =
    [
        WorkKind.Value, WorkKind.Value, WorkKind.ValueSynchronously, WorkKind.ThrowSynchronously, WorkKind.Fault,
        WorkKind.Cancel, WorkKind.HonourToken, WorkKind.IgnoreToken,
    ];

    private static readonly WorkKind[] s_syncKinds = [WorkKind.Value, WorkKind.Value, WorkKind.ThrowSynchronously, WorkKind.Cancel];

    private int _failed;

    /// <summary>Gets how many executions ended faulted or cancelled.</summary>
    public int Failed => Volatile.Read(ref _failed);

    public static object Key(string method, int id) => (method, id);

    public Task<object> TaskOfT(int id, CancellationToken cancellationToken) =>
        AsObject(Counted(() => oracle.ExternalWork(Key(nameof(TaskOfT), id), PickAsync(), cancellationToken)));

    // Half of the results are backed by a task, half by an async method's own value-task source.
    public ValueTask<object> ValueTaskOfT(int id, CancellationToken cancellationToken)
    {
        var work = Counted(() => oracle.ExternalWork(Key(nameof(ValueTaskOfT), id), PickAsync(), cancellationToken));
        return Random.Shared.Next(2) == 0 ? new(AsObject(work)) : AsValueTask(work);
    }

    public Task Task(int id, CancellationToken cancellationToken) =>
        Counted(() => oracle.ExternalWork(Key(nameof(Task), id), PickAsync(), cancellationToken, attributable: false));

    public object Sync(int id) => CountedSync(() => oracle.ExternalSyncWork(Key(nameof(Sync), id), PickSync()));

    public object SyncWithToken(int id, CancellationToken cancellationToken) =>
        CountedSync(() => oracle.ExternalSyncWork(Key(nameof(SyncWithToken), id), PickSync()));

    public void Void(int id) => CountedSync(() => oracle.ExternalSyncWork(Key(nameof(Void), id), PickSync(), attributable: false));

    public Task<object> Templated(int id, int variant, CancellationToken cancellationToken) =>
        AsObject(Counted(() => oracle.ExternalWork(Key(nameof(Templated), id), PickAsync(), cancellationToken)));

    private static WorkKind PickAsync() => s_asyncKinds[Random.Shared.Next(s_asyncKinds.Length)];

    private static WorkKind PickSync() => s_syncKinds[Random.Shared.Next(s_syncKinds.Length)];

    // The members above are not async: a synchronous throw of the work must reach the proxy synchronously.
    private static async Task<object> AsObject(Task<Payload> work) => await work;

    private static async ValueTask<object> AsValueTask(Task<Payload> work) => await work;

    private Task<Payload> Counted(Func<Task<Payload>> start)
    {
        Task<Payload> work;
        try
        {
            work = start();
        }
        catch
        {
            Interlocked.Increment(ref _failed);
            throw;
        }

        _ = work.ContinueWith(
            static (task, target) => Interlocked.Increment(ref ((StressTarget)target!)._failed),
            this,
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return work;
    }

    private Payload CountedSync(Func<Payload> run)
    {
        try
        {
            return run();
        }
        catch
        {
            Interlocked.Increment(ref _failed);
            throw;
        }
    }
}
