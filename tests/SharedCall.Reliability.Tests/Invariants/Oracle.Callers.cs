namespace SharedCall.Reliability.Tests.Invariants;

internal sealed partial class Oracle
{
    /// <summary>Calls <see cref="Coalescer.RunAsync{T}(object, Func{CancellationToken, Task{T}}, CancellationToken)"/> and checks the outcome.</summary>
    public Task CallAsync(Coalescer coalescer, object key, WorkKind kind, CancellationToken token = default) =>
        ObserveAsync(key, () => coalescer.RunAsync(key, Work(key, kind), token), token);

    /// <summary>Calls the void <see cref="Coalescer.RunAsync(object, Func{CancellationToken, Task}, CancellationToken)"/>.</summary>
    public async Task CallVoidAsync(Coalescer coalescer, object key, WorkKind kind, CancellationToken token = default)
    {
        var task = Start(() => coalescer.RunAsync(key, VoidWork(key, kind), token), token);
        try
        {
            await task;
        }
        catch (Exception exception)
        {
            Failed(key, exception, token);
        }
    }

    /// <summary>Calls <see cref="Coalescer.Run{T}(object, Func{T})"/> on this thread and checks the outcome.</summary>
    public void Call(Coalescer coalescer, object key, WorkKind kind, Action? during = null)
    {
        Interlocked.Increment(ref _entered);
        try
        {
            Received(key, coalescer.Run(key, SyncWork(key, kind, during)));
        }
        catch (Exception exception)
        {
            Failed(key, exception, default);
        }
    }

    public void CallVoid(Coalescer coalescer, object key, WorkKind kind)
    {
        Interlocked.Increment(ref _entered);
        try
        {
            coalescer.Run(key, VoidSyncWork(key, kind));
        }
        catch (Exception exception)
        {
            Failed(key, exception, default);
        }
    }

    private async Task ObserveAsync(object key, Func<Task<Payload>> call, CancellationToken token)
    {
        var task = (Task<Payload>)Start(call, token);
        try
        {
            Received(key, await task);
        }
        catch (Exception exception)
        {
            Failed(key, exception, token);
        }
    }

    private Task Start(Func<Task> call, CancellationToken token)
    {
        // A token cancelled before the call never enters; one cancelled during the call may or may not have.
        var cancelledBefore = token.IsCancellationRequested;
        Task task;
        try
        {
            task = call();
        }
        catch (Exception exception)
        {
            Violation($"the call threw instead of returning a task: {exception}");
            return Task.CompletedTask;
        }

        Log($"call returned {task.Status}");
        if (!cancelledBefore)
        {
            Interlocked.Increment(ref token.IsCancellationRequested ? ref _maybeEntered : ref _entered);
        }

        return task;
    }

    private void Received(object key, Payload? payload)
    {
        if (payload is null)
        {
            Violation($"a caller of key '{key}' got null instead of an outcome");
        }
        else
        {
            Attribute(key, payload.Execution);
        }
    }

    private void Failed(object key, Exception exception, CancellationToken own)
    {
        switch (exception)
        {
            case WorkFailure failure:
                Attribute(key, failure.Execution);
                break;
            case OperationCanceledException cancelled when own.IsCancellationRequested && cancelled.CancellationToken == own:
                break;
            case OperationCanceledException cancelled when _cancelTags.TryGetValue(cancelled.CancellationToken, out var execution):
                Attribute(key, execution);
                break;
            default:
                Violation($"a caller of key '{key}' got an outcome no execution produced: {exception}");
                break;
        }
    }

    private void Attribute(object key, Execution execution)
    {
        Log($"a caller of '{key}' received the outcome of {execution}");
        if (!Equals(execution.Key, key))
        {
            Violation($"a caller of key '{key}' got the outcome of {execution}");
        }

        Interlocked.Increment(ref execution.Receivers);
    }
}
