namespace SharedCall.Redis.Tests;

/// <summary>Two processes of a fleet on a Redis Cluster of three masters: a lease and its result share one slot.</summary>
[TestFixture(ServerKind.Cluster)]
[NonParallelizable]
public sealed class ClusterTests(ServerKind kind) : ServerFixture(kind)
{
    private const string Key = "item:42";

    // Runs before the fixture's own teardown disposes the processes.
    [TearDown]
    public void NoLeaseLeftBehind() => AssertNoLeaseLeft();

    [TestCase(true)]
    [TestCase(false)]
    public async Task ManyCallersInTwoProcessesRunTheWorkOnce(bool useScripts)
    {
        var (a, b) = (Process(useScripts: useScripts), Process(useScripts: useScripts));
        var work = new GatedWork<string>("row 42");

        var fromA = Enumerable.Range(0, 50).Select(_ => a.Coalescer.RunAsync(Key, work.RunAsync)).ToList();
        await work.Started.Task.Bounded();
        var fromB = Enumerable.Range(0, 50).Select(_ => b.Coalescer.RunAsync(Key, work.RunAsync)).ToList();
        await b.UntilWaitingAsync();
        work.Release.SetResult();

        Assert.That(await Task.WhenAll(fromA.Concat(fromB)).Bounded(), Has.All.EqualTo("row 42"));
        Assert.That(work.Executions, Is.EqualTo(1));
    }

    [Test]
    public async Task AFailureReachesTheOtherProcessAsRemoteExecutionException()
    {
        var (a, b) = (Process(), Process());
        var work = new GatedWork<string>("unused") { Failure = new TimeoutException("the database is slow") };
        var leader = a.Coalescer.RunAsync(Key, work.RunAsync);
        await work.Started.Task.Bounded();
        var waiter = b.Coalescer.RunAsync(Key, work.RunAsync);
        await b.UntilWaitingAsync();
        work.Release.SetResult();

        await Assert.ThrowsAsync<TimeoutException>(async () => await leader.Bounded());
        var remote = await Assert.ThrowsAsync<RemoteExecutionException>(async () => await waiter.Bounded());
        Assert.That(remote!.RemoteExceptionType, Is.EqualTo(typeof(TimeoutException).FullName));
        Assert.That(work.Executions, Is.EqualTo(1));
    }

    [Test]
    public async Task WhenTheLeadersCallersCancelTheOtherProcessTakesOver()
    {
        var (a, b) = (Process(), Process());
        var abandoned = new GatedWork<string>("a");
        var takeover = new GatedWork<string>("b");
        using var cancel = new CancellationTokenSource();
        var leader = a.Coalescer.RunAsync(Key, abandoned.RunAsync, cancel.Token);
        await abandoned.Started.Task.Bounded();
        var waiter = b.Coalescer.RunAsync(Key, takeover.RunAsync);
        await b.UntilWaitingAsync();

        await cancel.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await leader.Bounded());
        await takeover.Started.Task.Bounded();
        takeover.Release.SetResult();
        Assert.That(await waiter.Bounded(), Is.EqualTo("b"));
    }

    [Test]
    public async Task DifferentKeysSpreadOverTheClustersNodes()
    {
        var a = Process();
        for (var i = 0; i < 30; i++)
        {
            Assert.That(await a.Coalescer.RunAsync($"item:{i}", _ => Task.FromResult(i)).Bounded(), Is.EqualTo(i));
        }

        // Each finished execution leaves its result for ResultTtl, on the node that owns its key's slot.
        Assert.That(KeysByNode(Admin, Prefix).Count(keys => keys.Count > 0), Is.GreaterThan(1));
    }
}
