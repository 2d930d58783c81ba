namespace SharedCall.TestSupport;

/// <summary>A hung execution through a container, with a fake clock: it times out, and its scope goes when the work returns.</summary>
public static class HungExecutionScenario
{
    /// <summary>Calls the one-second-timeout method, moves the clock past it and returns the execution's session once disposed.</summary>
    public static async Task<Db> RunAsync(IPolicyRepository repository, WorkGate gate, Action<TimeSpan> advanceClock)
    {
        var call = repository.GetSlowAsync(1, CancellationToken.None);
        await gate.Started.Task.WaitAsync(Bounded.Timeout);
        advanceClock(TimeSpan.FromSeconds(1));

        Assert.That(async () => await call.WaitAsync(Bounded.Timeout), Throws.TypeOf<TimeoutException>().With.Message.Contain("IPolicyRepository.GetSlowAsync"));
        var db = gate.UsedBy.Single();
        await db.UntilDisposedAsync(Bounded.Timeout);
        return db;
    }
}
