using System.Diagnostics;
using SharedCall.Interception;
using SharedCall.Reliability.Tests.Invariants;
using SharedCall.Reliability.Tests.Stress;

namespace SharedCall.Reliability.Tests.Proxies;

/// <summary>
/// The stress mix through a real Castle proxy of a [Coalesced] interface with Task&lt;T&gt;, ValueTask&lt;T&gt;, Task,
/// sync and void members: synchronous throws, faulted and cancelled tasks, work ignoring or honouring the token,
/// caller cancellations, Forget (by CallKey), ForgetAll and ResetStats; the invariants are checked every round.
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
                var keySpace = StressSettings.KeySpaces[random.Next(3)];
                var roundSeed = random.Next();
                var context = $"seed {seed}, proxy round {round} (seed {roundSeed}): {workers} workers, {keySpace} keys";

                var coalescer = new Coalescer();
                var oracle = new Oracle(StressTests.Pause);
                var proxy = CoalescingProxy.Create<IStressService>(new StressTarget(oracle), coalescer);
                var tasks = Enumerable.Range(0, workers)
                    .Select(w => new ProxyStressWorker(proxy, coalescer, oracle, new Random(roundSeed + w), keySpace))
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
                executions += oracle.ExecutionCount;
            }
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }

        TestContext.Out.WriteLine($"{operations} proxy operations in {Rounds} rounds, seed {seed}: {executions} executions, 0 violations, {stopwatch.Elapsed.TotalSeconds:F1} s");
    }
}
