using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SharedCall.Redis.Internal;

namespace SharedCall.Redis.Tests;

/// <summary>Redis away at start-up or stopped mid-test: every call still succeeds, coalesced in its process, and none waits for Redis.</summary>
[NonParallelizable]
public sealed class UnreachableRedisTests
{
    // Longer than any call may take once Redis is known to be away.
    private static readonly TimeSpan NoConnectWait = TimeSpan.FromSeconds(1);

    // StackExchange.Redis may wait out the whole connect timeout even when the port refuses at once, longer on a busy machine.
    private static readonly TimeSpan ConnectFailure = TimeSpan.FromSeconds(30);

    [Test]
    public async Task WithRedisAwayAtStartUpEveryCallSucceedsInProcessWithoutWaitingForAConnection()
    {
        var logger = new CountingLogger();
        var options = new CoalescerOptions { Name = "catalog" }
            .UseRedis($"127.0.0.1:{TestServer.FreePort()},connectTimeout=2000", redis => redis.Logger = logger);
        var coalescer = new Coalescer(options);
        var executions = 0;
        var gate = Bounded.Gate<string>();

        var burst = Enumerable.Range(0, 20).Select(_ => coalescer.RunAsync("item:1", async _ =>
        {
            Interlocked.Increment(ref executions);
            return await gate.Task;
        })).ToList();
        gate.SetResult("local");
        Assert.That(await Task.WhenAll(burst).Bounded(), Has.All.EqualTo("local"));
        Assert.That(executions, Is.EqualTo(1), "coalesced in this process");

        // Once the first connect failed, Redis counts as away: logged once, and still no call waits.
        var remote = (RedisCoalescing)coalescer.RemoteCoalescing!;
        await Bounded.UntilAsync(() => !remote.IsConnecting, "the first connect to fail", ConnectFailure);
        for (var i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.That(await coalescer.RunAsync($"item:{i}", _ => Task.FromResult(i)).Bounded(), Is.EqualTo(i));
            Assert.That(watch.Elapsed, Is.LessThan(NoConnectWait), "no call waits for a connection");
        }

        Assert.That(logger.Warnings, Is.EqualTo(1), "an outage is logged once");
        await remote.DisposeOwnedConnectionAsync().Bounded();
    }

    [Test]
    public async Task WhenRedisStopsMidFlightCallsSucceedInProcessAndFleetWideCoalescingResumesWhenItIsBack()
    {
        var port = TestServer.FreePort();
        var server = new EmbeddedGarnet(port);
        var logger = new CountingLogger();
        using var connectionA = server.Connect();
        using var connectionB = server.Connect();
        var settings = (Action<RedisCoalescingOptions>)(redis =>
        {
            redis.Logger = logger;
            redis.BreakDuration = TimeSpan.FromMilliseconds(200);
            redis.PollInterval = TimeSpan.FromMilliseconds(50);
        });
        var a = new Coalescer(new CoalescerOptions { Name = "catalog" }.UseRedis(connectionA, settings));
        var b = new Coalescer(new CoalescerOptions { Name = "catalog" }.UseRedis(connectionB, settings));
        try
        {
            // Up: the waiting process is served by the leader's execution.
            var leader = new GatedWork<string>("a");
            var fromA = a.RunAsync("item:1", leader.RunAsync);
            await leader.Started.Task.Bounded();
            var fromB = b.RunAsync("item:1", leader.RunAsync);
            await Bounded.UntilAsync(() => ((RedisCoalescing)b.RemoteCoalescing!).Waits == 1, "the remote wait");

            // Down mid-flight: the waiter runs the work itself, the leader's callers keep their result.
            server.Dispose();
            await Bounded.UntilAsync(() => leader.Executions == 2, "the waiter to run the work in its own process");
            leader.Release.SetResult();
            Assert.That(await Task.WhenAll(fromA, fromB).Bounded(), Has.All.EqualTo("a"));

            for (var i = 0; i < 10; i++)
            {
                var watch = Stopwatch.StartNew();
                Assert.That(await a.RunAsync($"item:{i}", _ => Task.FromResult(i)).Bounded(), Is.EqualTo(i));
                Assert.That(watch.Elapsed, Is.LessThan(NoConnectWait), "no call waits for Redis once it is known to be away");
            }

            Assert.That(logger.Warnings, Is.EqualTo(2), "an outage is logged once by each process");

            // Back: once both connections are up again and the break is over, one execution serves both processes.
            server = new EmbeddedGarnet(port);
            await Bounded.UntilAsync(() => connectionA.IsConnected && connectionB.IsConnected, "both connections to come back");
            var resumed = new GatedWork<string>("again");
            await Bounded.UntilAsync(
                () => !((RedisCoalescing)a.RemoteCoalescing!).Breaker.IsOpen && !((RedisCoalescing)b.RemoteCoalescing!).Breaker.IsOpen,
                "the break to end");
            var again = a.RunAsync("item:2", resumed.RunAsync);
            await resumed.Started.Task.Bounded();
            var joined = b.RunAsync("item:2", resumed.RunAsync);
            await Bounded.UntilAsync(() => ((RedisCoalescing)b.RemoteCoalescing!).Waits == 2, "the remote wait after Redis came back");
            resumed.Release.SetResult();
            Assert.That(await Task.WhenAll(again, joined).Bounded(), Has.All.EqualTo("again"));
            Assert.That(resumed.Executions, Is.EqualTo(1));
        }
        finally
        {
            server.Dispose();
        }
    }

    private sealed class CountingLogger : ILogger
    {
        private int _warnings;

        public int Warnings => Volatile.Read(ref _warnings);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref _warnings);
            }
        }
    }
}
