namespace SharedCall.TestSupport;

/// <summary>
/// The scenario an execution's own scope exists for, in any container: request A leads, request B joins with no
/// token, A's client disconnects and A's scope is disposed, then the work is released.
/// </summary>
public static class LeaderCancelsScenario
{
    /// <summary>Plays the scenario; returns B's call, which completes with the execution's outcome.</summary>
    public static async Task<Task<string>> RunAsync(IRowRepository repositoryOfA, IRowRepository repositoryOfB, Func<ValueTask> disposeScopeOfA, WorkGate gate)
    {
        using var tokenA = new CancellationTokenSource();
        var callA = repositoryOfA.GetAsync(1, tokenA.Token);
        await gate.Started.Task.WaitAsync(Bounded.Timeout);
        var callB = repositoryOfB.GetAsync(1, CancellationToken.None);
        await tokenA.CancelAsync();
        Assert.That(async () => await callA.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());
        await disposeScopeOfA();
        gate.Release.SetResult();
        return callB;
    }
}
