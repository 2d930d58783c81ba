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

    [Coalesced]
    void Void(int id);
}
