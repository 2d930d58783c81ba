namespace SharedCall.Reliability.Tests.Invariants;

internal sealed partial class Oracle
{
    /// <summary>An async work for <paramref name="key"/>; build it just before the call, as it snapshots the Forgets done.</summary>
    public Func<CancellationToken, Task<Payload>> Work(object key, WorkKind kind)
    {
        var forgets = Interlocked.Read(ref _forgetsCompleted);
        return token => StartWork(key, forgets, kind, token);
    }

    /// <summary>A sync work for <paramref name="key"/>: <paramref name="kind"/> Value or ThrowSynchronously.</summary>
    /// <param name="key">The key.</param>
    /// <param name="kind">What the work does.</param>
    /// <param name="during">Runs inside the work, on the leader's thread (for nested calls).</param>
    public Func<Payload> SyncWork(object key, WorkKind kind, Action? during = null)
    {
        var forgets = Interlocked.Read(ref _forgetsCompleted);
        return () =>
        {
            var execution = StartExecution(key, forgets, attributable: true, CancellationToken.None);
            try
            {
                during?.Invoke();
            }
            finally
            {
                EndExecution(execution);
            }

            return kind == WorkKind.ThrowSynchronously ? throw new WorkFailure(execution) : new Payload(execution);
        };
    }

    /// <summary>An async work without a result: callers cannot tell its successes apart, so invariant 4 skips it.</summary>
    public Func<CancellationToken, Task> VoidWork(object key, WorkKind kind)
    {
        var forgets = Interlocked.Read(ref _forgetsCompleted);
        return token => StartWork(key, forgets, kind, token, attributable: false);
    }

    public Action VoidSyncWork(object key, WorkKind kind)
    {
        var forgets = Interlocked.Read(ref _forgetsCompleted);
        return () =>
        {
            var execution = StartExecution(key, forgets, attributable: false, CancellationToken.None);
            EndExecution(execution);
            if (kind == WorkKind.ThrowSynchronously)
            {
                throw new WorkFailure(execution);
            }
        };
    }

    private Task<Payload> StartWork(object key, long forgets, WorkKind kind, CancellationToken token, bool attributable = true)
    {
        var execution = StartExecution(key, forgets, attributable, token);
        switch (kind)
        {
            case WorkKind.ValueSynchronously:
                EndExecution(execution);
                return Task.FromResult(new Payload(execution));
            case WorkKind.ThrowSynchronously:
                EndExecution(execution);
                throw new WorkFailure(execution);
            default:
                var work = RunWorkAsync(execution, kind, token);
                return CompleteWorksAsynchronously ? WithAsynchronousContinuations(work) : work;
        }
    }

    private static Task<Payload> WithAsynchronousContinuations(Task<Payload> work)
    {
        var completion = new TaskCompletionSource<Payload>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = CopyOutcomeAsync(work, completion);
        return completion.Task;
    }

    private static async Task CopyOutcomeAsync(Task<Payload> work, TaskCompletionSource<Payload> completion)
    {
        try
        {
            completion.TrySetResult(await work);
        }
        catch (OperationCanceledException exception)
        {
            // The token tells the oracle whose cancellation it is.
            completion.TrySetCanceled(exception.CancellationToken);
        }
        catch (Exception exception)
        {
            completion.TrySetException(exception);
        }
    }

    private async Task<Payload> RunWorkAsync(Execution execution, WorkKind kind, CancellationToken token)
    {
        try
        {
            await _pause(CancellationToken.None);
            switch (kind)
            {
                case WorkKind.Fault:
                    throw new WorkFailure(execution);
                case WorkKind.Cancel:
                    throw new OperationCanceledException(CancelTag(execution));
                case WorkKind.HonourToken:
                    await _pause(token);
                    await _pause(token);
                    break;
                case WorkKind.IgnoreToken:
                    await _pause(CancellationToken.None);
                    await _pause(CancellationToken.None);
                    break;
            }

            return new Payload(execution);
        }
        finally
        {
            EndExecution(execution);
        }
    }
}
