using SharedCall.Interception;
using StackExchange.Redis;

namespace SharedCall.Redis.Tests;

/// <summary>What the Redis level shows in each process's stats, metrics, traces and logs: and never a key.</summary>
[TestFixture(ServerKind.Redis)]
[TestFixture(ServerKind.Garnet)]
[NonParallelizable]
public sealed class ObservabilityTests(ServerKind kind)
{
    private const string Secret = "secret-4711";
    private TestServer _server = null!;
    private readonly List<IDisposable> _owned = [];
    private string _prefix = null!;

    public interface ICatalog
    {
        [Coalesced]
        Task<string> GetAsync(string name, CancellationToken cancellationToken);
    }

    [OneTimeSetUp]
    public void StartServer() => _server = TestServer.Start(kind);

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [SetUp]
    public void NewPrefix() => _prefix = "o" + Guid.NewGuid().ToString("N")[..8];

    [TearDown]
    public void DisposeProcesses()
    {
        _owned.ForEach(o => o.Dispose());
        _owned.Clear();
    }

    [Test]
    public async Task TheWaitingProcessCountsItsLeaderAsRemoteAndItsJoinedCallersAsJoined()
    {
        var (a, telemetryA) = Process();
        var (b, telemetryB) = Process();
        var work = new GatedWork<string>("a");

        var fromA = Calls(a, telemetryA, 3, Secret, work);
        await work.Started.Task.Bounded();
        var fromB = Calls(b, telemetryB, 3, Secret, work);
        await b.UntilWaitingAsync();
        work.Release.SetResult();

        Assert.That(await Task.WhenAll(fromA.Concat(fromB)).Bounded(), Has.All.EqualTo("a"));
        Assert.Multiple(() =>
        {
            Assert.That(telemetryA.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.EqualTo(1));
            Assert.That(telemetryA.Sum("sharedcall.calls", ("sharedcall.outcome", "joined")), Is.EqualTo(2));
            Assert.That(telemetryB.Sum("sharedcall.calls", ("sharedcall.outcome", "remote")), Is.EqualTo(1));
            Assert.That(telemetryB.Sum("sharedcall.calls", ("sharedcall.outcome", "joined")), Is.EqualTo(2));
            Assert.That(telemetryB.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.Zero);
            Assert.That(b.Coalescer.GetStats(), Is.EqualTo(new CoalescingStats(2, 1, 0, 0) { Remote = 1 }));
            Assert.That(a.Coalescer.GetStats().Remote, Is.Zero);
            Assert.That(telemetryA.Events(), Is.EqualTo(new[] { "sharedcall.remote.lease_acquired", "sharedcall.remote.result_published" }));
            Assert.That(telemetryB.Events(), Is.EqualTo(new[] { "sharedcall.remote.waiting", "sharedcall.remote.result_received" }));
        });
    }

    [Test]
    public async Task AWaitPastMaxWaitIsAFallbackThatRunsTheWorkHere()
    {
        var (a, _) = Process();
        var (b, telemetryB) = Process(redis => redis.MaxWait = TimeSpan.FromMilliseconds(200));
        var slow = new GatedWork<string>("a");
        var here = new GatedWork<string>("b");

        var fromA = Calls(a, null, 1, Secret, slow);
        await slow.Started.Task.Bounded();
        var fromB = Calls(b, telemetryB, 1, Secret, here);
        await here.Started.Task.Bounded();
        here.Release.SetResult();
        Assert.That(await fromB[0].Bounded(), Is.EqualTo("b"));
        slow.Release.SetResult();
        await fromA[0].Bounded();

        Assert.Multiple(() =>
        {
            Assert.That(telemetryB.Sum("sharedcall.remote.fallbacks", ("sharedcall.remote.reason", "max_wait")), Is.EqualTo(1));
            Assert.That(b.Coalescer.GetStats().RemoteFallbacks, Is.EqualTo(1));
            Assert.That(telemetryB.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.EqualTo(1));
            Assert.That(telemetryB.Events(), Is.EqualTo(new[] { "sharedcall.remote.waiting", "sharedcall.remote.fallback(max_wait)" }));
        });
    }

    [Test]
    public async Task AResultTooLargeToShareIsRecordedByItsLeaderAndCountedByTheWaiterThatRunsTheWork()
    {
        var (a, telemetryA) = Process(redis => redis.MaxPayloadBytes = 8);
        var (b, telemetryB) = Process();
        var large = new GatedWork<string>(new string('x', 100));
        var here = new GatedWork<string>("b");

        var fromA = Calls(a, telemetryA, 1, Secret, large);
        await large.Started.Task.Bounded();
        var fromB = Calls(b, telemetryB, 1, Secret, here);
        await b.UntilWaitingAsync();
        large.Release.SetResult();
        here.Release.SetResult();

        Assert.That(await fromA[0].Bounded(), Has.Length.EqualTo(100));
        Assert.That(await fromB[0].Bounded(), Is.EqualTo("b"));
        Assert.Multiple(() =>
        {
            Assert.That(telemetryA.Events(), Is.EqualTo(new[] { "sharedcall.remote.lease_acquired", "sharedcall.remote.result_not_shared(payload_too_large)" }));
            Assert.That(telemetryB.Sum("sharedcall.remote.fallbacks", ("sharedcall.remote.reason", "payload_too_large")), Is.EqualTo(1));
            Assert.That(b.Coalescer.GetStats().RemoteFallbacks, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AWaiterThatTakesOverFromACancelledLeaderCountsOneTakeover()
    {
        var (a, telemetryA) = Process();
        var (b, telemetryB) = Process();
        var abandoned = new GatedWork<string>("a");
        var takeover = new GatedWork<string>("b");
        using var cancel = new CancellationTokenSource();

        Task<string> fromA;
        using (telemetryA.Calls())
        {
            fromA = a.Coalescer.RunAsync(Secret, abandoned.RunAsync, cancel.Token);
        }

        await abandoned.Started.Task.Bounded();
        var fromB = Calls(b, telemetryB, 1, Secret, takeover);
        await b.UntilWaitingAsync();
        await cancel.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await fromA.Bounded());
        await takeover.Started.Task.Bounded();
        takeover.Release.SetResult();

        Assert.That(await fromB[0].Bounded(), Is.EqualTo("b"));
        Assert.Multiple(() =>
        {
            Assert.That(telemetryB.Sum("sharedcall.remote.takeovers"), Is.EqualTo(1));
            Assert.That(b.Coalescer.GetStats().RemoteTakeovers, Is.EqualTo(1));
            Assert.That(telemetryB.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.EqualTo(1));
            Assert.That(telemetryB.Events(), Is.EqualTo(new[]
            {
                "sharedcall.remote.waiting", "sharedcall.remote.lease_acquired", "sharedcall.remote.takeover", "sharedcall.remote.result_published",
            }));
            Assert.That(telemetryA.Events(), Is.EqualTo(new[] { "sharedcall.remote.lease_acquired", "sharedcall.remote.lease_released" }));
        });
    }

    [Test]
    public async Task WithRedisAwayCallsFallBackFirstForTheErrorThenForTheOpenCircuitAndNothingRecordedHoldsAKeyOrAnArgument()
    {
        using var telemetry = new TelemetryRecorder();
        using var away = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{TestServer.FreePort()},abortConnect=false,connectTimeout=200");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "catalog", MeterFactory = telemetry }
            .UseRedis(away, redis => redis.Logger = telemetry));
        var work = new GatedWork<string>("here");
        work.Release.SetResult();
        var catalog = CoalescingProxy.Create<ICatalog>(new Catalog(work), coalescer);

        using (telemetry.Calls())
        {
            Assert.That(await coalescer.RunAsync("item:" + Secret, _ => Task.FromResult(1)).Bounded(), Is.EqualTo(1));
            Assert.That(await catalog.GetAsync(Secret, CancellationToken.None).Bounded(), Is.EqualTo("here"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(telemetry.Sum("sharedcall.remote.fallbacks", ("sharedcall.remote.reason", "redis_error")), Is.EqualTo(1));
            Assert.That(telemetry.Sum("sharedcall.remote.fallbacks", ("sharedcall.remote.reason", "circuit_open")), Is.EqualTo(1));
            Assert.That(coalescer.GetStats().RemoteFallbacks, Is.EqualTo(2));
            Assert.That(telemetry.Logs, Is.Not.Empty, "the outage is logged");
            Assert.That(telemetry.EverythingRecorded, Has.None.Contains(Secret));
        });
    }

    [Test]
    public async Task NoKeyOrArgumentValueAppearsInTagsEventsOrLogsOfCoalescedCallsAcrossProcesses()
    {
        var (a, telemetryA) = Process(redis => redis.Logger = null);
        var (b, telemetryB) = Process();
        var work = new GatedWork<string>("a");
        var proxyA = CoalescingProxy.Create<ICatalog>(new Catalog(work), a.Coalescer);
        var proxyB = CoalescingProxy.Create<ICatalog>(new Catalog(work), b.Coalescer);

        Task<string> fromA, fromB;
        using (telemetryA.Calls())
        {
            fromA = proxyA.GetAsync(Secret, CancellationToken.None);
        }

        await work.Started.Task.Bounded();
        using (telemetryB.Calls())
        {
            fromB = proxyB.GetAsync(Secret, CancellationToken.None);
        }

        await b.UntilWaitingAsync();
        work.Release.SetResult();

        Assert.That(await Task.WhenAll(fromA, fromB).Bounded(), Has.All.EqualTo("a"));
        Assert.Multiple(() =>
        {
            Assert.That(telemetryB.Sum("sharedcall.calls", ("sharedcall.outcome", "remote")), Is.EqualTo(1));
            Assert.That(telemetryA.Executions, Has.Count.EqualTo(1));
            Assert.That(telemetryA.EverythingRecorded.Concat(telemetryB.EverythingRecorded), Is.Not.Empty.And.None.Contains(Secret));
        });
    }

    private (FleetProcess Process, TelemetryRecorder Telemetry) Process(Action<RedisCoalescingOptions>? configure = null)
    {
        var telemetry = new TelemetryRecorder();
        var process = FleetProcess.Start(
            _server,
            _prefix,
            redis =>
            {
                redis.Logger = telemetry;
                configure?.Invoke(redis);
            },
            coalescer: options => options.MeterFactory = telemetry);
        _owned.Add(process);
        _owned.Add(telemetry);
        return (process, telemetry);
    }

    private static List<Task<string>> Calls(FleetProcess process, TelemetryRecorder? telemetry, int count, string key, GatedWork<string> work)
    {
        using var parent = telemetry?.Calls();
        return [.. Enumerable.Range(0, count).Select(_ => process.Coalescer.RunAsync(key, work.RunAsync))];
    }

    private sealed class Catalog(GatedWork<string> work) : ICatalog
    {
        public Task<string> GetAsync(string name, CancellationToken cancellationToken) => work.RunAsync(cancellationToken);
    }
}
