namespace SharedCall.Interception.Tests.Reliability;

public interface IBadInputs
{
    [Coalesced(Key = "pair:{id}/{id}")]
    Task<int> DuplicateHoleAsync(int id);

    [Coalesced(Key = "shared:{id}")]
    Task<int> NumberAsync(int id);

    [Coalesced(Key = "shared:{id}")]
    Task<string> TextAsync(int id);

    [Coalesced(Key = "shared:{id}")]
    string Text(int id);

    [Coalesced]
    Task<int> NullTaskOfT(int id);

    [Coalesced]
    Task NullTask(int id);

    [Coalesced]
    int Reentrant(int id, int innerId);

    [Coalesced]
    Task<int> ReentrantAsync(int id);

    [Coalesced]
    Task<int> ReentrantAfterAwaitAsync(int id, CancellationToken cancellationToken);
}

public interface IWithInParameter
{
    [Coalesced]
    int Read(in int id);
}

public interface IWithRefReturn
{
    [Coalesced]
    ref int Slot(int id);
}

/// <summary>The target of <see cref="IBadInputs"/>: gated where callers must pile up, re-entrant where asked.</summary>
public sealed class BadInputTarget : IBadInputs, IDisposable
{
    private readonly ManualResetEventSlim _nullGate = new();
    private int _calls;

    public TaskCompletionSource<int> NumberGate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IBadInputs? Proxy { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Gets the exception the last re-entrant call threw inside the target.</summary>
    public Exception? InnerException { get; private set; }

    public void ReleaseNullTasks() => _nullGate.Set();

    public Task<int> DuplicateHoleAsync(int id)
    {
        Interlocked.Increment(ref _calls);
        return NumberGate.Task;
    }

    public Task<int> NumberAsync(int id)
    {
        Interlocked.Increment(ref _calls);
        return NumberGate.Task;
    }

    public Task<string> TextAsync(int id)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult("text " + id);
    }

    public string Text(int id)
    {
        Interlocked.Increment(ref _calls);
        return "text " + id;
    }

    public Task<int> NullTaskOfT(int id)
    {
        WaitForNullGate();
        return null!;
    }

    public Task NullTask(int id)
    {
        WaitForNullGate();
        return null!;
    }

    public int Reentrant(int id, int innerId)
    {
        Interlocked.Increment(ref _calls);
        if (innerId < 0)
        {
            return id;
        }

        try
        {
            // Through the proxy again, on the leader's own thread: with the same key it would wait for itself.
            return Proxy!.Reentrant(innerId, innerId == id ? innerId : -1) * 10;
        }
        catch (InvalidOperationException exception)
        {
            InnerException = exception;
            return -1;
        }
    }

    public Task<int> ReentrantAsync(int id)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            // Before the first await the leader is still on the stack: awaiting its own execution would never end.
            return Proxy!.ReentrantAsync(id);
        }
        catch (InvalidOperationException exception)
        {
            InnerException = exception;
            return Task.FromResult(-1);
        }
    }

    public async Task<int> ReentrantAfterAwaitAsync(int id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();

        // Off the leader's thread now: only a marker that flows with the async context could see the re-entrance.
        return await Proxy!.ReentrantAfterAwaitAsync(id, cancellationToken) + 1;
    }

    public void Dispose() => _nullGate.Dispose();

    private void WaitForNullGate()
    {
        Interlocked.Increment(ref _calls);
        if (!_nullGate.Wait(Bounded.Timeout))
        {
            throw new TimeoutException("The test never released the target.");
        }
    }
}
