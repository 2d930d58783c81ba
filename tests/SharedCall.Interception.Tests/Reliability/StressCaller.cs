namespace SharedCall.Interception.Tests.Reliability;

/// <summary>When a caller's token is cancelled, if it has one.</summary>
internal enum CancelAt
{
    NoToken,
    Never,
    Before,
    RightAfterTheCall,
    OnATimer,
}

/// <summary>
/// Makes one random call through the proxy and checks what it got against the target's record of executions
/// (invariant 1: the execution's value, the execution's exception, or the caller's own cancellation; never a hang).
/// </summary>
internal sealed class StressCaller(IStressService proxy, StressTarget target, StressLedger ledger)
{
    public async Task CallAsync(Random random, int keySpace)
    {
        var method = (StressMethod)random.Next(5);
        var key = random.Next(keySpace);
        var isAsync = method is StressMethod.TaskAsync or StressMethod.ValueTaskAsync;
        var mode = random.Next(isAsync ? StressTarget.AsyncModes : StressTarget.SyncModes);
        var hasToken = isAsync || method == StressMethod.ValueWithToken;
        var cancelAt = hasToken ? (CancelAt)random.Next(5) : CancelAt.NoToken;
        using var cancellation = cancelAt == CancelAt.NoToken ? null : new CancellationTokenSource();
        var token = cancellation?.Token ?? CancellationToken.None;
        ledger.CallStarted(cancelAt, isAsync);
        if (cancelAt == CancelAt.Before)
        {
            await cancellation!.CancelAsync();
        }
        else if (cancelAt == CancelAt.OnATimer && !isAsync)
        {
            // A blocked caller can only be cancelled from elsewhere; the timer may also fire before the call starts.
            cancellation!.CancelAfter(random.Next(1, 3));
        }

        var what = $"{method}(key {key}, mode {mode}, cancel {cancelAt})";
        try
        {
            int? value = null;
            switch (method)
            {
                case StressMethod.TaskAsync:
                    value = await Await(proxy.TaskAsync(key, mode, token), cancellation, cancelAt, random);
                    break;
                case StressMethod.ValueTaskAsync:
                    value = await Await(proxy.ValueTaskAsync(key, mode, token).AsTask(), cancellation, cancelAt, random);
                    break;
                case StressMethod.Value:
                    value = proxy.Value(key, mode);
                    break;
                case StressMethod.ValueWithToken:
                    value = proxy.ValueWithToken(key, mode, token);
                    break;
                default:
                    proxy.Void(key, mode);
                    break;
            }

            CheckValue(method, key, mode, value, what);
        }
        catch (TimeoutException)
        {
            ledger.Violation($"{what}: no outcome within {Bounded.Timeout.TotalSeconds} s (a hang)");
        }
        catch (StressException exception)
        {
            CheckException(method, key, mode, exception, what);
        }
        catch (OperationCanceledException exception)
        {
            CheckCancellation(method, key, mode, exception, what, token);
        }
        catch (Exception exception)
        {
            ledger.Violation($"{what}: unexpected {exception}");
        }
    }

    private static async Task<int> Await(Task<int> call, CancellationTokenSource? cancellation, CancelAt cancelAt, Random random)
    {
        if (cancelAt == CancelAt.RightAfterTheCall)
        {
            await cancellation!.CancelAsync();
        }
        else if (cancelAt == CancelAt.OnATimer)
        {
            cancellation!.CancelAfter(random.Next(0, 3));
        }

        return await call.WaitAsync(Bounded.Timeout);
    }

    private void CheckValue(StressMethod method, int key, int mode, int? value, string what)
    {
        ledger.Completed(StressOutcome.Value);
        if (method == StressMethod.Void)
        {
            return;
        }

        if (value is not { } id || !target.Executions.TryGetValue(id, out var execution))
        {
            ledger.Violation($"{what}: got {value?.ToString() ?? "nothing"}, which no execution returned");
            return;
        }

        if (!Matches(execution, method, key, mode) || execution.Exception is not null)
        {
            ledger.Violation($"{what}: got the value of {execution}, which is not its execution or did not succeed");
        }
    }

    private void CheckException(StressMethod method, int key, int mode, StressException exception, string what)
    {
        ledger.Completed(StressOutcome.Exception);
        if (!target.Executions.TryGetValue(exception.ExecutionId, out var execution)
            || !ReferenceEquals(execution.Exception, exception)
            || !Matches(execution, method, key, mode))
        {
            ledger.Violation($"{what}: got the exception of execution {exception.ExecutionId}, which is not its execution's");
        }
    }

    private void CheckCancellation(StressMethod method, int key, int mode, OperationCanceledException exception, string what, CancellationToken token)
    {
        ledger.Completed(StressOutcome.Cancelled);
        if (token.IsCancellationRequested && exception.CancellationToken == token)
        {
            return;
        }

        if (!target.CancelledBy.TryGetValue(exception.CancellationToken, out var id)
            || !Matches(target.Executions[id], method, key, mode))
        {
            ledger.Violation($"{what}: cancelled, but neither by its own token nor by its execution ({exception.Message})");
        }
    }

    // The templated methods leave the mode out of the key, so a joined caller may get an execution of another mode.
    private static bool Matches(Execution execution, StressMethod method, int key, int mode) =>
        execution.Method == method
        && execution.Key == key
        && (execution.Mode == mode || method is StressMethod.TaskAsync or StressMethod.ValueTaskAsync);
}
