using SharedCall.Redis.Internal;
using StackExchange.Redis;

namespace SharedCall.Redis.Tests;

/// <summary>Two coalescers with their own connections stand for two processes of a deployment sharing one server.</summary>
[TestFixture(ServerKind.Redis)]
[TestFixture(ServerKind.Garnet)]
[NonParallelizable]
public sealed class FleetTests(ServerKind kind) : ServerFixture(kind)
{
    private const string Key = "item:42";

    public sealed record Item(int Id, string Name);

    // Runs before the fixture's own teardown disposes the processes.
    [TearDown]
    public void NoLeaseLeftBehind() => AssertNoLeaseLeft();

    [TestCase(true)]
    [TestCase(false)]
    public async Task ManyCallersInTwoProcessesRunTheWorkOnce(bool useScripts)
    {
        var (a, b) = (Process(useScripts: useScripts), Process(useScripts: useScripts));
        var work = new GatedWork<Item>(new Item(42, "answer"));

        var fromA = Enumerable.Range(0, 50).Select(_ => a.Coalescer.RunAsync(Key, work.RunAsync)).ToList();
        await work.Started.Task.Bounded();
        var fromB = Enumerable.Range(0, 50).Select(_ => b.Coalescer.RunAsync(Key, work.RunAsync)).ToList();
        await b.UntilWaitingAsync();
        work.Release.SetResult();

        var results = await Task.WhenAll(fromA.Concat(fromB)).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(work.Executions, Is.EqualTo(1));
            Assert.That(results, Has.All.EqualTo(new Item(42, "answer")));
            Assert.That(results[50], Is.Not.SameAs(results[0]), "another process gets a deserialized copy");
        });
    }

    [Test]
    public async Task ProcessesConfiguredWithAConnectionStringConnectInTheBackgroundAndCoalesce()
    {
        var coalescers = Enumerable.Range(0, 2)
            .Select(_ => new Coalescer(new CoalescerOptions { Name = "catalog" }.UseRedis(Server.Endpoint, redis => redis.KeyPrefix = Prefix)))
            .ToList();
        var remotes = coalescers.Select(c => (RedisCoalescing)c.RemoteCoalescing!).ToList();
        await Bounded.UntilAsync(() => remotes.TrueForAll(r => r.IsConnected), "both background connections");
        try
        {
            var work = new GatedWork<int>(5);
            var leader = coalescers[0].RunAsync(Key, work.RunAsync);
            await work.Started.Task.Bounded();
            var waiter = coalescers[1].RunAsync(Key, work.RunAsync);
            await Bounded.UntilAsync(() => remotes[1].Waits == 1, "the remote wait");
            work.Release.SetResult();

            Assert.That(await Task.WhenAll(leader, waiter).Bounded(), Has.All.EqualTo(5));
            Assert.That(work.Executions, Is.EqualTo(1));
        }
        finally
        {
            await Task.WhenAll(remotes.Select(r => r.DisposeOwnedConnectionAsync()));
        }
    }

    [Test]
    public async Task AFailureReachesRemoteCallersAsRemoteExecutionException()
    {
        var (a, b) = (Process(), Process());
        var work = new GatedWork<Item>(null!) { Failure = new InvalidOperationException("the database is down") };

        var (local, remote) = await LeadAndWaitAsync(a, work, b, work);
        work.Release.SetResult();

        var original = await Assert.CatchAsync<InvalidOperationException>(async () => await local.Bounded());
        var failure = await Assert.CatchAsync<RemoteExecutionException>(async () => await remote.Bounded());
        Assert.Multiple(() =>
        {
            Assert.That(original!.Message, Is.EqualTo("the database is down"));
            Assert.That(failure!.RemoteExceptionType, Is.EqualTo("System.InvalidOperationException"));
            Assert.That(failure.Message, Is.EqualTo("the database is down"));
            Assert.That(work.Executions, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WhenEveryLocalCallerOfTheLeaderCancelsAWaitingProcessTakesOver()
    {
        var (a, b) = (Process(), Process());
        var abandoned = new GatedWork<string>("a");
        var takeover = new GatedWork<string>("b");
        using var cancel = new CancellationTokenSource();

        var (local, remote) = await LeadAndWaitAsync(a, abandoned, b, takeover, cancel.Token);
        await cancel.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await local.Bounded());

        await takeover.Started.Task.Bounded();
        takeover.Release.SetResult();
        var result = await remote.Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo("b"));
            Assert.That(takeover.Executions, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WorkThatFailsWithARedisExceptionOfItsOwnRunsOnceAndRedisStaysInUse()
    {
        var (a, b) = (Process(), Process());
        // The application's own Redis command failing inside the work.
        var failure = await Assert.ThrowsAsync<RedisServerException>(() => Admin.GetDatabase().ExecuteAsync("SHAREDCALL.NO.SUCH.COMMAND"));
        var work = new GatedWork<string>("unused") { Failure = failure! };

        var (local, remote) = await LeadAndWaitAsync(a, work, b, work);
        work.Release.SetResult();

        Assert.That(await Assert.ThrowsAsync<RedisServerException>(async () => await local.Bounded()), Is.SameAs(failure));
        var fromRemote = await Assert.ThrowsAsync<RemoteExecutionException>(async () => await remote.Bounded());
        Assert.Multiple(() =>
        {
            Assert.That(fromRemote!.RemoteExceptionType, Is.EqualTo(typeof(RedisServerException).FullName));
            Assert.That(work.Executions, Is.EqualTo(1), "the work's own failure is its outcome, not a Redis outage to run it again for");
            Assert.That(a.Remote.Breaker.IsOpen, Is.False, "Redis itself answered every command");
        });
    }

    [Test]
    [Repeat(5)]
    public async Task WhenTheLeaderLeavesOneWaitingProcessTakesOverForEveryOther()
    {
        var (a, waiting) = (Process(), new[] { Process(), Process(), Process() });
        var abandoned = new GatedWork<string>("a");
        var takeover = new GatedWork<string>("b");
        takeover.Release.SetResult(); // a takeover that finishes at once, before the other waiters look again
        using var cancel = new CancellationTokenSource();

        var fromA = a.Coalescer.RunAsync(Key, abandoned.RunAsync, cancel.Token);
        await abandoned.Started.Task.Bounded();
        var remote = waiting.Select(p => p.Coalescer.RunAsync(Key, takeover.RunAsync)).ToList();
        await Task.WhenAll(waiting.Select(p => p.UntilWaitingAsync()));
        await cancel.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await fromA.Bounded());

        Assert.That(await Task.WhenAll(remote).Bounded(), Has.All.EqualTo("b"));
        Assert.That(takeover.Executions, Is.EqualTo(1), "one takeover serves every waiting process");
    }

    [Test]
    public async Task AWaitingProcessWhoseCallersCancelStopsAloneAndTheLeaderFinishes()
    {
        var (a, b) = (Process(), Process());
        var work = new GatedWork<string>("a");
        using var cancel = new CancellationTokenSource();

        var fromA = a.Coalescer.RunAsync(Key, work.RunAsync);
        await work.Started.Task.Bounded();
        var quitter = b.Coalescer.RunAsync(Key, work.RunAsync, cancel.Token);
        await b.UntilWaitingAsync();
        await cancel.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(async () => await quitter.Bounded());

        work.Release.SetResult();
        Assert.That(await fromA.Bounded(), Is.EqualTo("a"));
        Assert.That(work.Executions, Is.EqualTo(1), "the waiter that cancelled ran nothing");
    }

    [Test]
    public async Task AWaiterWhosePubSubConnectionIsKilledFinishesByPolling()
    {
        var (a, b) = (Process(), Process());
        var work = new GatedWork<string>("a");
        var (fromA, fromB) = await LeadAndWaitAsync(a, work, b, work);
        try
        {
            await Admin.GetServer(Admin.GetEndPoints()[0]).ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        }
        catch (StackExchange.Redis.RedisServerException exception)
        {
            Assert.Ignore($"This server cannot kill pub/sub connections: {exception.Message}");
        }

        work.Release.SetResult();
        Assert.That(await Task.WhenAll(fromA, fromB).Bounded(), Has.All.EqualTo("a"));
        Assert.That(work.Executions, Is.EqualTo(1));
    }

    [Test]
    public async Task ALeaderWhoseLeaseWasLostNeverOverwritesItsSuccessor()
    {
        var (a, b) = (Process(), Process());
        var first = new GatedWork<string>("a");
        var second = new GatedWork<string>("b");
        var keys = RedisKeys.For<string>(Prefix, "catalog", RemoteCoalescingName, Key);

        var (fromA, fromB) = await LeadAndWaitAsync(a, first, b, second);

        // The lease expires under the leader (a pause past LeaseTime): the waiting process takes the key over.
        await Admin.GetDatabase().KeyDeleteAsync(keys.Lease);
        await second.Started.Task.Bounded();
        var successorLease = (string?)await Admin.GetDatabase().StringGetAsync(keys.Lease);

        first.Release.SetResult();
        Assert.That(await fromA.Bounded(), Is.EqualTo("a"), "the old leader's own callers get its result");
        var lease = (string?)await Admin.GetDatabase().StringGetAsync(keys.Lease);
        var written = await Admin.GetDatabase().KeyExistsAsync(keys.Result);
        Assert.Multiple(() =>
        {
            Assert.That(lease, Is.EqualTo(successorLease).And.Not.Null, "the old leader left its successor's lease alone");
            Assert.That(written, Is.False, "the old leader wrote no result");
        });

        second.Release.SetResult();
        Assert.That(await fromB.Bounded(), Is.EqualTo("b"));
    }

    [Test]
    public async Task FlushingTheDatabaseMidFlightNeverYieldsADefaultResult()
    {
        var (a, b) = (Process(), Process());
        var first = new GatedWork<Item>(new Item(1, "a"));
        var second = new GatedWork<Item>(new Item(2, "b"));

        var (fromA, fromB) = await LeadAndWaitAsync(a, first, b, second);
        await Admin.GetServer(Admin.GetEndPoints()[0]).FlushDatabaseAsync();

        await second.Started.Task.Bounded();
        first.Release.SetResult();
        second.Release.SetResult();
        var results = await Task.WhenAll(fromA, fromB).Bounded();
        Assert.That(results, Is.EqualTo(new[] { new Item(1, "a"), new Item(2, "b") }));
    }

    [Test]
    public async Task DifferentPrefixesOrResultTypesNeverShare()
    {
        var (a, b, other) = (Process(), Process(), Process(prefix: Prefix + "x"));
        var number = new GatedWork<int>(7);
        var text = new GatedWork<string>("seven");
        var elsewhere = new GatedWork<int>(8);

        var fromA = a.Coalescer.RunAsync(Key, number.RunAsync);
        var fromB = b.Coalescer.RunAsync(Key, text.RunAsync);
        var fromOther = other.Coalescer.RunAsync(Key, elsewhere.RunAsync);
        await Task.WhenAll(number.Started.Task, text.Started.Task, elsewhere.Started.Task).Bounded();
        number.Release.SetResult();
        text.Release.SetResult();
        elsewhere.Release.SetResult();

        Assert.That((await fromA.Bounded(), await fromB.Bounded(), await fromOther.Bounded()), Is.EqualTo((7, "seven", 8)));
        await Bounded.UntilAsync(() => Leases(Admin, Prefix + "x").Count == 0, "the other prefix's lease to be deleted");
        Assert.That(Admin.GetServer(Admin.GetEndPoints()[0]).Keys(pattern: Prefix + "x:*").Count(), Is.EqualTo(1), "its own result only");
    }

    [Test]
    public async Task AResultTooLargeForRedisReachesLocalCallersAndRemoteWaitersRunTheWork()
    {
        var (a, b) = (Process(redis => redis.MaxPayloadBytes = 16), Process(redis => redis.MaxPayloadBytes = 16));
        var first = new GatedWork<string>(new string('a', 100));
        var second = new GatedWork<string>("b");

        var (fromA, fromB) = await LeadAndWaitAsync(a, first, b, second);
        first.Release.SetResult();
        second.Release.SetResult();

        var (local, remote) = (await fromA.Bounded(), await fromB.Bounded());
        Assert.Multiple(() =>
        {
            Assert.That(local, Has.Length.EqualTo(100));
            Assert.That(remote, Is.EqualTo("b"), "the remote waiter ran the work itself");
            Assert.That(second.Executions, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task MaxWaitBoundsARemoteWaiterWhichThenRunsTheWorkItself()
    {
        var (a, b) = (Process(), Process(redis => redis.MaxWait = TimeSpan.FromMilliseconds(200)));
        var first = new GatedWork<string>("a");
        var second = new GatedWork<string>("b") { };
        second.Release.SetResult();

        var fromA = a.Coalescer.RunAsync(Key, first.RunAsync);
        await first.Started.Task.Bounded();
        Assert.That(await b.Coalescer.RunAsync(Key, second.RunAsync).Bounded(), Is.EqualTo("b"));
        first.Release.SetResult();
        Assert.That(await fromA.Bounded(), Is.EqualTo("a"));
    }

    /// <summary>Process <paramref name="a"/> leads (its work runs), then process <paramref name="b"/>'s leader waits for it in Redis.</summary>
    private static async Task<(Task<T> Leader, Task<T> Waiter)> LeadAndWaitAsync<T>(
        FleetProcess a, GatedWork<T> leads, FleetProcess b, GatedWork<T> waits, CancellationToken leaderToken = default)
    {
        var leader = a.Coalescer.RunAsync(Key, leads.RunAsync, leaderToken);
        await leads.Started.Task.Bounded();
        var waiter = b.Coalescer.RunAsync(Key, waits.RunAsync);
        await b.UntilWaitingAsync();
        return (leader, waiter);
    }

    private const string RemoteCoalescingName = Advanced.RemoteCoalescing.DefaultOperation;
}
