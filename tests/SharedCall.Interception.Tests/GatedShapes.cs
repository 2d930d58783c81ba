namespace SharedCall.Interception.Tests;

/// <summary>
/// A target whose coalesced methods wait for <see cref="Release"/>: every caller that arrives meanwhile must join
/// the execution in flight. Counts the target's executions, and throws <see cref="Failure"/> when it is set.
/// </summary>
public sealed class GatedShapes : IShapes, IDisposable
{
    private readonly ManualResetEventSlim _released = new();
    private readonly TaskCompletionSource _releasedAsync = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Exception? Failure { get; init; }

    public CancellationToken LastToken { get; private set; }

    /// <summary>Gets the call stack the target last saw, which shows whether an interceptor was on the way.</summary>
    public string? LastStackTrace { get; private set; }

    public void Release()
    {
        _released.Set();
        _releasedAsync.TrySetResult();
    }

    public int Value(int id)
    {
        Block();
        return id * 10;
    }

    public void Void(int id) => Block();

    public async Task Task(int id) => await BlockAsync();

    public async Task<int> TaskOfT(int id)
    {
        await BlockAsync();
        return id * 10;
    }

    public async ValueTask ValueTask(int id) => await BlockAsync();

    public async ValueTask<int> ValueTaskOfT(int id)
    {
        await BlockAsync();
        return id * 10;
    }

    public int ValueWithToken(int id, CancellationToken cancellationToken)
    {
        LastToken = cancellationToken;
        Block();
        return id * 10;
    }

    public async Task<int> UnmarkedAsync(int id)
    {
        await BlockAsync();
        return id * 10;
    }

    public int Unmarked(int id)
    {
        LastStackTrace = Environment.StackTrace;
        Interlocked.Increment(ref _calls);
        return id * 10;
    }

    public void Dispose() => _released.Dispose();

    private void Block()
    {
        LastStackTrace = Environment.StackTrace;
        Interlocked.Increment(ref _calls);
        if (!_released.Wait(Bounded.Timeout))
        {
            throw new TimeoutException("The test never released the target.");
        }

        if (Failure is not null)
        {
            throw Failure;
        }
    }

    private async Task BlockAsync()
    {
        Interlocked.Increment(ref _calls);
        await _releasedAsync.Task.WaitAsync(Bounded.Timeout);
        if (Failure is not null)
        {
            throw Failure;
        }
    }
}
