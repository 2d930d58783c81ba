using System.Diagnostics;
using SharedCall.Interception;
using SharedCall.Reliability.Tests.Invariants;
using SharedCall.Reliability.Tests.Stress;

namespace SharedCall.Reliability.Tests.Proxies;

/// <summary>
/// The stress suite of the interception package: seeded random calls through a real Castle proxy of a [Coalesced]
/// interface with Task&lt;T&gt;, ValueTask&lt;T&gt; (task- and source-backed), Task, sync, sync-with-token, void and
/// key-template members, from 2 to 64 workers over 1 to 1,000,000 keys: synchronous throws and cancellations, faulted
/// and cancelled tasks, work ignoring or honouring the token, callers that cancel before, during or on a timer, and
/// Forget (by CallKey and by template text), ForgetAll and, in every third round, ResetStats in between. The oracle's
/// invariants are checked every round, and in rounds without ResetStats the counters too: Errors equals the failed
/// executions and the per-method stats add up to the totals.
/// Reproduce a failure with SHAREDCALL_STRESS_SEED=&lt;seed&gt;; SHAREDCALL_STRESS_LONG=1 runs ten times as many calls.
/// </summary>
public class ProxyStressTests
{
    private const int Rounds = 20;

    [Test]
    public async Task Mixed_calls_through_a_proxy_hold_the_invariants()
    {
        var seed = StressSettings.Seed;
        TestContext.Out.WriteLine($"seed {seed} (replay with SHAREDCALL_STRESS_SEED={seed})");
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();
        var operations = StressSettings.ProxyOperations;
        long executions = 0;
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(StressSettings.WorkerCounts.Max() + Environment.ProcessorCount * 2, minIo);
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var workers = StressSettings.WorkerCounts[random.Next(StressSettings.WorkerCounts.Length)];
                var keySpace = StressSettings.KeySpaces[random.Next(StressSettings.KeySpaces.Length)];
                var resetsStats = round % 3 == 2;
                var roundSeed = random.Next();
                var context = $"seed {seed}, proxy round {round} (seed {roundSeed}): {workers} workers, {keySpace} keys{(resetsStats ? ", ResetStats interleaved" : string.Empty)}";

                var coalescer = new Coalescer();
                var oracle = new Oracle(StressTests.Pause);
                var target = new StressTarget(oracle);
                var proxy = CoalescingProxy.Create<IStressService>(target, coalescer);
                var tasks = Enumerable.Range(0, workers)
                    .Select(w => new ProxyStressWorker(proxy, coalescer, oracle, new Random(roundSeed + w), keySpace, resetsStats))
                    .Select(worker => Task.Run(() => worker.RunAsync(operations / Rounds / workers)))
                    .ToArray();
                try
                {
                    await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"{context}: a caller hung ({tasks.Count(static t => !t.IsCompleted)} workers still waiting)");
                }

                Assert.That(await oracle.QuiesceAsync(coalescer, TimeSpan.FromSeconds(30)), Is.Empty, context);
                if (!resetsStats)
                {
                    await CheckCountersAsync(coalescer, target, context);
                }

                executions += oracle.ExecutionCount;
            }
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }

        TestContext.Out.WriteLine($"{operations} proxy operations in {Rounds} rounds, seed {seed}: {executions} executions, 0 violations, {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task CheckCountersAsync(Coalescer coalescer, StressTarget target, string context)
    {
        // The target counts a failed execution in a continuation of its task, which may run just after the core publishes.
        await Bounded.UntilAsync(() => coalescer.GetStats() is var s && s.Errors + s.Canceled >= target.Failed, $"{context}: the target's failed executions are counted");
        var stats = coalescer.GetStats();
        var operations = coalescer.GetOperationStats().Values;
        Assert.Multiple(() =>
        {
            // An execution every caller abandoned counts as Canceled whatever its work then did, never as an error.
            Assert.That(target.Failed, Is.InRange(stats.Errors, stats.Errors + stats.Canceled), $"{context}: Errors <= failed executions <= Errors + Canceled");
            Assert.That(stats.Errors + stats.Canceled, Is.LessThanOrEqualTo(stats.Misses), $"{context}: an execution ends one way");
            Assert.That(operations.Sum(o => o.Misses), Is.EqualTo(stats.Misses), $"{context}: per-method Misses add up");
            Assert.That(operations.Sum(o => o.Hits), Is.EqualTo(stats.Hits), $"{context}: per-method Hits add up");
            Assert.That(operations.Sum(o => o.Errors), Is.EqualTo(stats.Errors), $"{context}: per-method Errors add up");
            Assert.That(operations.Sum(o => o.Canceled), Is.EqualTo(stats.Canceled), $"{context}: per-method Canceled add up");
        });
    }
}
