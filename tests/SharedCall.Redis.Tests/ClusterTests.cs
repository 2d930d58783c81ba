using StackExchange.Redis;

namespace SharedCall.Redis.Tests;

/// <summary>Two processes of a fleet on a Redis Cluster of three masters: a lease and its result share one slot.</summary>
[NonParallelizable]
public sealed class ClusterTests
{
    private const string Key = "item:42";
    private RedisCluster _cluster = null!;
    private ConnectionMultiplexer _admin = null!;
    private readonly List<FleetProcess> _processes = [];
    private string _prefix = null!;

    [OneTimeSetUp]
    public void StartCluster()
    {
        _cluster = RedisCluster.Start();
        _admin = _cluster.Connect();
    }

    [OneTimeTearDown]
    public void StopCluster()
    {
        _admin?.Dispose();
        _cluster?.Dispose();
    }

    [SetUp]
    public void NewPrefix() => _prefix = "c" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public void NoLeaseLeftBehind()
    {
        try
        {
            Assert.That(KeysByNode().SelectMany(n => n).Where(k => !k.EndsWith(":result", StringComparison.Ordinal)), Is.Empty, "no lease key may outlive its execution");
        }
        finally
        {
            _processes.ForEach(p => p.Dispose());
            _processes.Clear();
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task ManyCallersInTwoProcessesRunTheWorkOnce(bool useScripts)
    {
        var (a, b) = (Process(useScripts), Process(useScripts));
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
        Assert.That(KeysByNode().Count(keys => keys.Count > 0), Is.GreaterThan(1));
    }

    private FleetProcess Process(bool useScripts = true)
    {
        var process = FleetProcess.Start(_cluster, _prefix, useScripts: useScripts);
        _processes.Add(process);
        return process;
    }

    private List<List<string>> KeysByNode() =>
        _admin.GetServers().Where(s => !s.IsReplica)
            .Select(s => s.Keys(pattern: _prefix + ":*").Select(k => k.ToString()).ToList())
            .ToList();
}
