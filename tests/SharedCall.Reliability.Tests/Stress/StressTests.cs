using System.Diagnostics;
using SharedCall.Reliability.Tests.Invariants;

namespace SharedCall.Reliability.Tests.Stress;

/// <summary>
/// Seeded stress with fault injection: rounds of random operations (async and sync calls, synchronous throws,
/// faulted and cancelled tasks, work ignoring its token, caller cancellations at random points, Forget, ForgetAll,
/// ResetStats) from 2 to 64 workers over key spaces from 1 to 1,000,000 keys; every round checks the invariants.
/// </summary>
public class StressTests
{
    private const int Rounds = 40;

    [Test]
    public async Task Mixed_operations_hold_the_invariants()
    {
        var seed = StressSettings.Seed;
        TestContext.Out.WriteLine($"seed {seed} (replay with SHAREDCALL_STRESS_SEED={seed})");
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();
        long executions = 0, calls = 0;
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);

        // Sync calls block their worker's thread while async works need pool threads: give the pool the workers.
        ThreadPool.SetMinThreads(StressSettings.WorkerCounts.Max() + Environment.ProcessorCount * 2, minIo);
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                var workers = StressSettings.WorkerCounts[random.Next(StressSettings.WorkerCounts.Length)];
                var keySpace = StressSettings.KeySpaces[random.Next(StressSettings.KeySpaces.Length)];
                var roundSeed = random.Next();
                var context = $"seed {seed}, round {round} (seed {roundSeed}): {workers} workers, {keySpace} keys";
                var oracle = await RunRoundAsync(roundSeed, workers, keySpace, StressSettings.Operations / Rounds / workers, context);
                executions += oracle.ExecutionCount;
                calls += oracle.Calls;
            }
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }

        TestContext.Out.WriteLine(
            $"{StressSettings.Operations} operations in {Rounds} rounds, seed {seed}: {calls} calls entered, " +
            $"{executions} executions, 0 violations, {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static async Task<Oracle> RunRoundAsync(int roundSeed, int workers, int keySpace, int operationsPerWorker, string context)
    {
        var coalescer = new Coalescer();
        var oracle = new Oracle(Pause);
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var worker = new StressWorker(coalescer, oracle, new Random(roundSeed + w), keySpace);
            tasks[w] = Task.Run(() => worker.RunAsync(operationsPerWorker));
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{context}: a caller hung ({tasks.Count(static t => !t.IsCompleted)} workers still waiting)");
        }

        var violations = await oracle.QuiesceAsync(coalescer, TimeSpan.FromSeconds(30));
        Assert.That(violations, Is.Empty, context);
        return oracle;
    }

    internal static async Task Pause(CancellationToken token)
    {
        // Mostly a hop through the thread pool; now and then a real wait, so that joiners and cancellations land.
        if (Random.Shared.Next(64) == 0)
        {
            await Task.Delay(1, token);
        }
        else
        {
            await Task.Yield();
            token.ThrowIfCancellationRequested();
        }
    }
}
