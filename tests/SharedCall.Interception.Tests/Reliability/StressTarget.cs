using System.Collections.Concurrent;

namespace SharedCall.Interception.Tests.Reliability;

/// <summary>One run of the target: what was called and how it ended, so a caller can check what it received.</summary>
internal sealed class Execution(int id, StressMethod method, int key, int mode)
{
    public int Id { get; } = id;

    public StressMethod Method { get; } = method;

    public int Key { get; } = key;

    public int Mode { get; } = mode;

    /// <summary>Gets or sets the exception the execution ended with (its cancellation is in <see cref="StressTarget.CancelledBy"/>).</summary>
    public Exception? Exception { get; set; }

    public override string ToString() => $"execution {Id} ({Method} key {Key} mode {Mode})";
}

/// <summary>
/// The real target behind the proxy. Every execution gets an id (its result), and ends in the way its mode says:
/// a value at once or later, a synchronous throw, a faulted or cancelled task, work that watches or ignores its token.
/// </summary>
internal sealed class StressTarget : IStressService
{
    public const int AsyncModes = 10;
    public const int SyncModes = 5;

    private int _nextId;
    private int _invocations;
    private int _running;
    private int _failed;

    public ConcurrentDictionary<int, Execution> Executions { get; } = new();

    /// <summary>Gets the tokens the executions cancelled with, each mapped to its execution's id.</summary>
    public ConcurrentDictionary<CancellationToken, int> CancelledBy { get; } = new();

    public int Invocations => Volatile.Read(ref _invocations);

    public int Running => Volatile.Read(ref _running);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Starts counting afresh, at quiescence.</summary>
    public void ResetCounts()
    {
        Interlocked.Exchange(ref _invocations, 0);
        Interlocked.Exchange(ref _failed, 0);
    }

    public Task<int> TaskAsync(int key, int mode, CancellationToken cancellationToken) =>
        RunAsync(Start(StressMethod.TaskAsync, key, mode), cancellationToken);

    public ValueTask<int> ValueTaskAsync(int key, int mode, CancellationToken cancellationToken)
    {
        var execution = Start(StressMethod.ValueTaskAsync, key, mode);
        return mode == 1 ? YieldValueTaskAsync(execution) : new ValueTask<int>(RunAsync(execution, cancellationToken));
    }

    public int Value(int key, int mode) => RunSync(Start(StressMethod.Value, key, mode), CancellationToken.None);

    public int ValueWithToken(int key, int mode, CancellationToken cancellationToken) =>
        RunSync(Start(StressMethod.ValueWithToken, key, mode), cancellationToken);

    public void Void(int key, int mode) => RunSync(Start(StressMethod.Void, key, mode), CancellationToken.None);

    private Execution Start(StressMethod method, int key, int mode)
    {
        Interlocked.Increment(ref _invocations);
        Interlocked.Increment(ref _running);
        var execution = new Execution(Interlocked.Increment(ref _nextId), method, key, mode);
        Executions[execution.Id] = execution;
        return execution;
    }

    private Task<int> RunAsync(Execution execution, CancellationToken token)
    {
        switch (execution.Mode)
        {
            case 0:
                return Task.FromResult(Succeed(execution));
            case 1:
                return YieldAsync(execution, StressOutcome.Value);
            case 2:
                return Task.FromException<int>(Fail(execution));
            case 3:
                return Task.FromCanceled<int>(Cancel(execution));
            case 4:
                throw Fail(execution);
            case 5:
                throw new OperationCanceledException(Cancel(execution));
            case 6:
                return DelayAsync(execution, token);
            case 7:
                return DelayAsync(execution, CancellationToken.None);
            case 8:
                return YieldAsync(execution, StressOutcome.Exception);
            default:
                return YieldAsync(execution, StressOutcome.Cancelled);
        }
    }

    private int RunSync(Execution execution, CancellationToken token)
    {
        switch (execution.Mode)
        {
            case 0:
                return Succeed(execution);
            case 1:
                // Long enough for callers on other threads to join.
                Thread.SpinWait(500);
                Thread.Yield();
                return Succeed(execution);
            case 2:
                throw Fail(execution);
            case 3:
                throw new OperationCanceledException(Cancel(execution));
            default:
                for (var i = 0; i < 20; i++)
                {
                    if (token.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref _failed);
                        Done();
                        throw new OperationCanceledException(token);
                    }

                    Thread.Yield();
                }

                return Succeed(execution);
        }
    }

    private async Task<int> YieldAsync(Execution execution, StressOutcome outcome)
    {
        await Task.Yield();
        return outcome switch
        {
            StressOutcome.Value => Succeed(execution),
            StressOutcome.Exception => throw Fail(execution),
            _ => throw new OperationCanceledException(Cancel(execution)),
        };
    }

    private async ValueTask<int> YieldValueTaskAsync(Execution execution)
    {
        await Task.Yield();
        return Succeed(execution);
    }

    private async Task<int> DelayAsync(Execution execution, CancellationToken token)
    {
        try
        {
            await Task.Delay(1, token);
        }
        catch (OperationCanceledException)
        {
            // Only when every caller cancelled: nobody may receive this.
            Interlocked.Increment(ref _failed);
            Done();
            throw;
        }

        return Succeed(execution);
    }

    private int Succeed(Execution execution)
    {
        Done();
        return execution.Id;
    }

    private StressException Fail(Execution execution)
    {
        var exception = new StressException(execution.Id);
        execution.Exception = exception;
        Interlocked.Increment(ref _failed);
        Done();
        return exception;
    }

    private CancellationToken Cancel(Execution execution)
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        CancelledBy[source.Token] = execution.Id;
        Interlocked.Increment(ref _failed);
        Done();
        return source.Token;
    }

    private void Done() => Interlocked.Decrement(ref _running);
}
