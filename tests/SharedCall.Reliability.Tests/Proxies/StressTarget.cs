using SharedCall.Reliability.Tests.Invariants;

namespace SharedCall.Reliability.Tests.Proxies;

/// <summary>The proxied target: each execution does what a random pick says, and reports to the oracle.</summary>
internal sealed class StressTarget(Oracle oracle) : IStressService
{
    private static readonly WorkKind[] s_asyncKinds =
    [
        WorkKind.Value, WorkKind.Value, WorkKind.ValueSynchronously, WorkKind.ThrowSynchronously, WorkKind.Fault,
        WorkKind.Cancel, WorkKind.HonourToken, WorkKind.IgnoreToken,
    ];

    public static object Key(string method, int id) => (method, id);

    public Task<object> TaskOfT(int id, CancellationToken cancellationToken) =>
        AsObject(oracle.ExternalWork(Key(nameof(TaskOfT), id), PickAsync(), cancellationToken));

    public ValueTask<object> ValueTaskOfT(int id, CancellationToken cancellationToken) =>
        new(AsObject(oracle.ExternalWork(Key(nameof(ValueTaskOfT), id), PickAsync(), cancellationToken)));

    public Task Task(int id, CancellationToken cancellationToken) =>
        oracle.ExternalWork(Key(nameof(Task), id), PickAsync(), cancellationToken, attributable: false);

    public object Sync(int id) => oracle.ExternalSyncWork(Key(nameof(Sync), id), PickSync());

    public void Void(int id) => oracle.ExternalSyncWork(Key(nameof(Void), id), PickSync(), attributable: false);

    private static WorkKind PickAsync() => s_asyncKinds[Random.Shared.Next(s_asyncKinds.Length)];

    private static WorkKind PickSync() => Random.Shared.Next(4) == 0 ? WorkKind.ThrowSynchronously : WorkKind.Value;

    // The members above are not async: a synchronous throw of the work must reach the proxy synchronously.
    private static async Task<object> AsObject(Task<Payload> work) => await work;
}
