using System.Diagnostics;

namespace SharedCall.Interception.Tests.Reliability;

public interface IBlockingLookup
{
    [Coalesced]
    int Lookup(int id);
}

/// <summary>
/// Thread-pool starvation: hundreds of synchronous callers block pool threads on one key while the leader's target
/// itself needs a pool thread. Every pool thread is taken, so the work can only run on a thread the pool adds; the
/// waiting callers must not stand in its way (they wait on a task, which tells the pool they are blocked).
/// </summary>
/// <remarks>
/// The pool's minimum is raised to the number of callers for the test, as on a server that already runs that many
/// threads: otherwise most of the time would go into the pool's slow growth before the callers even arrive.
/// </remarks>
[NonParallelizable]
public class StarvationTests
{
    private const int Callers = 500;
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(60);

    [Test]
    public void Five_hundred_blocked_synchronous_callers_on_one_key_do_not_starve_a_leader_that_needs_the_thread_pool()
    {
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(Callers, minIo);
        try
        {
            Run();
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }

    private static void Run()
    {
        var coalescer = new Coalescer();
        var target = new PoolHungryLookup(coalescer, followers: Callers - 1);
        var proxy = CoalescingProxy.Create<IBlockingLookup>(target, coalescer);
        // Every caller is a thread-pool work item that blocks, as a synchronous ASP.NET action would.
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(() => proxy.Lookup(7))).ToArray();

        // Waited on this (non-pool) thread: a continuation would itself need the starved pool.
        var completed = Task.WaitAll(callers, s_bound);
        TestContext.Out.WriteLine(
            $"{Callers} callers: all joined after {target.AllJoinedAfter.TotalSeconds:F1} s, the leader's work got a pool thread " +
            $"after {target.PoolWait.TotalSeconds:F1} s, all done after {target.Elapsed.TotalSeconds:F1} s, {ThreadPool.ThreadCount} pool threads");

        Assert.That(completed, Is.True, $"the callers did not complete within {s_bound.TotalSeconds} s");
        var stats = coalescer.GetStats();
        Assert.Multiple(() =>
        {
            Assert.That(callers.Select(c => c.Result), Is.All.EqualTo(70), "every caller gets the leader's value");
            Assert.That(target.Calls, Is.EqualTo(1), "one execution");
            Assert.That(stats.Misses, Is.EqualTo(1));
            Assert.That(stats.Hits, Is.EqualTo(Callers - 1));
            Assert.That(stats.Active, Is.Zero);
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    /// <summary>Waits (blocking) until every other caller joined, then does sync-over-async work on the pool.</summary>
    private sealed class PoolHungryLookup(Coalescer coalescer, int followers) : IBlockingLookup
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public TimeSpan AllJoinedAfter { get; private set; }

        public TimeSpan PoolWait { get; private set; }

        public TimeSpan Elapsed => _clock.Elapsed;

        public int Lookup(int id)
        {
            Interlocked.Increment(ref _calls);
            while (coalescer.GetStats().Hits < followers)
            {
                if (_clock.Elapsed > s_bound)
                {
                    throw new TimeoutException($"only {coalescer.GetStats().Hits} of {followers} callers joined");
                }

                Thread.Sleep(5);
            }

            AllJoinedAfter = _clock.Elapsed;

            // Needs a free pool thread while every caller holds one: the continuation after the delay cannot be inlined
            // into this wait, as a plain Task.Run(() => ...) would be.
            var value = Task.Run(async () =>
            {
                await Task.Delay(10);
                return id * 10;
            }).Result;
            PoolWait = _clock.Elapsed - AllJoinedAfter;
            return value;
        }
    }
}
