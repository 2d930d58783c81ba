namespace SharedCall.Reliability.Tests.Invariants;

/// <summary>
/// Works the test does not hand to the coalescer itself, such as the target behind a coalescing proxy: the caller
/// records what it saw before calling, and the work (run on the leader's flow) reads it from there.
/// </summary>
internal sealed partial class Oracle
{
    private static readonly AsyncLocal<long> s_callerForgets = new();

    /// <summary>The async work of a proxy's target for <paramref name="key"/>.</summary>
    public Task<Payload> ExternalWork(object key, WorkKind kind, CancellationToken token, bool attributable = true) =>
        StartWork(key, s_callerForgets.Value, kind, token, attributable);

    /// <summary>The sync work of a proxy's target for <paramref name="key"/>.</summary>
    public Payload ExternalSyncWork(object key, WorkKind kind, bool attributable = true)
    {
        var execution = StartExecution(key, s_callerForgets.Value, attributable, CancellationToken.None);
        EndExecution(execution);
        return kind switch
        {
            WorkKind.ThrowSynchronously => throw new WorkFailure(execution),
            WorkKind.Cancel => throw new OperationCanceledException(CancelTag(execution)),
            _ => new Payload(execution),
        };
    }

    /// <summary>Calls an async proxy method whose outcome is a <see cref="Payload"/> for <paramref name="key"/>.</summary>
    public async Task ObserveAsync(object key, Func<Task<object>> call, CancellationToken token)
    {
        s_callerForgets.Value = Interlocked.Read(ref _forgetsCompleted);
        var task = (Task<object>)Start(call, token);
        try
        {
            Received(key, (Payload)await task);
        }
        catch (Exception exception)
        {
            Failed(key, exception, token);
        }
    }

    /// <summary>Calls an async proxy method without a result.</summary>
    public async Task ObserveVoidAsync(object key, Func<Task> call, CancellationToken token)
    {
        s_callerForgets.Value = Interlocked.Read(ref _forgetsCompleted);
        var task = Start(call, token);
        try
        {
            await task;
        }
        catch (Exception exception)
        {
            Failed(key, exception, token);
        }
    }

    /// <summary>Calls a sync proxy method whose caller can cancel its wait with <paramref name="token"/>.</summary>
    public void Observe(object key, Func<object?> call, CancellationToken token)
    {
        s_callerForgets.Value = Interlocked.Read(ref _forgetsCompleted);

        // As for an async call: a token cancelled before the call never enters; one cancelled during it may have.
        var cancelledBefore = token.IsCancellationRequested;
        try
        {
            Received(key, (Payload?)call());
        }
        catch (Exception exception)
        {
            Failed(key, exception, token);
        }
        finally
        {
            if (!cancelledBefore)
            {
                Interlocked.Increment(ref token.IsCancellationRequested ? ref _maybeEntered : ref _entered);
            }
        }
    }

    /// <summary>Calls a sync proxy method; <paramref name="call"/> returns null for a void method.</summary>
    public void Observe(object key, Func<object?> call, bool hasResult)
    {
        s_callerForgets.Value = Interlocked.Read(ref _forgetsCompleted);
        Interlocked.Increment(ref _entered);
        try
        {
            var result = call();
            if (hasResult)
            {
                Received(key, (Payload?)result);
            }
        }
        catch (Exception exception)
        {
            Failed(key, exception, default);
        }
    }
}
