using SharedCall.Interception;

namespace SharedCall.Reliability.Tests.Proxies;

/// <summary>Every return shape the interceptor supports; results are the oracle's payloads, typed object.</summary>
public interface IStressService
{
    [Coalesced]
    Task<object> TaskOfT(int id, CancellationToken cancellationToken);

    [Coalesced]
    ValueTask<object> ValueTaskOfT(int id, CancellationToken cancellationToken);

    [Coalesced]
    Task Task(int id, CancellationToken cancellationToken);

    [Coalesced]
    object Sync(int id);

    /// <summary>A synchronous method whose callers can cancel their wait: it coalesces through the asynchronous path.</summary>
    [Coalesced]
    object SyncWithToken(int id, CancellationToken cancellationToken);

    [Coalesced]
    void Void(int id);

    /// <summary>A key template that leaves <paramref name="variant"/> out: calls that differ only in it share one execution.</summary>
    [Coalesced(Key = "template:{id}")]
    Task<object> Templated(int id, int variant, CancellationToken cancellationToken);
}
