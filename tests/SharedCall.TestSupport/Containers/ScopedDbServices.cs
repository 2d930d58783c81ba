using System.Collections.Concurrent;

using SharedCall.Interception;

namespace SharedCall.TestSupport;

/// <summary>A repository over a scoped, disposable database session, as with a DbContext (the container tests' execution-scope scenario).</summary>
public interface IRowRepository
{
    [Coalesced]
    Task<string> GetAsync(int id, CancellationToken cancellationToken);

    [Coalesced]
    string Get(int id);
}

/// <summary>A session that fails once disposed, and counts what was done with it.</summary>
public sealed class Db : IDisposable
{
    private int _reads;
    private int _disposals;

    public int Reads => Volatile.Read(ref _reads);

    public int Disposals => Volatile.Read(ref _disposals);

    public string Read(int id)
    {
        ObjectDisposedException.ThrowIf(Disposals > 0, this);
        Interlocked.Increment(ref _reads);
        return "row " + id;
    }

    public void Dispose() => Interlocked.Increment(ref _disposals);

    /// <summary>Waits until the session is disposed, for work that returns after its callers stopped waiting; bounded.</summary>
    public async Task UntilDisposedAsync(TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (Disposals == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }
    }
}

/// <summary>Holds the work at a gate and records the session each execution ran on.</summary>
public sealed class WorkGate
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<Db> UsedBy { get; } = new();

    public Exception? Failure { get; set; }
}

public sealed class RowRepository(Db db, WorkGate gate) : IRowRepository
{
    public async Task<string> GetAsync(int id, CancellationToken cancellationToken)
    {
        gate.UsedBy.Enqueue(db);
        gate.Started.TrySetResult();
        await gate.Release.Task.WaitAsync(cancellationToken);
        return gate.Failure is { } failure ? throw failure : db.Read(id);
    }

    public string Get(int id)
    {
        gate.UsedBy.Enqueue(db);
        return db.Read(id);
    }
}

/// <summary>A scoped repository whose methods carry a timeout and a reuse window.</summary>
public interface IPolicyRepository
{
    [Coalesced(TimeoutMilliseconds = 1000)]
    Task<string> GetSlowAsync(int id, CancellationToken cancellationToken);

    [Coalesced(ReuseForMilliseconds = 500)]
    Task<string> GetReusedAsync(int id);
}

public sealed class PolicyRepository(Db db, WorkGate gate) : IPolicyRepository
{
    public async Task<string> GetSlowAsync(int id, CancellationToken cancellationToken)
    {
        gate.UsedBy.Enqueue(db);
        gate.Started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return db.Read(id);
    }

    public Task<string> GetReusedAsync(int id)
    {
        gate.UsedBy.Enqueue(db);
        return Task.FromResult(db.Read(id));
    }
}
