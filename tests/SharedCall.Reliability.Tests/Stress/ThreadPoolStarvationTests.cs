using System.Diagnostics;

namespace SharedCall.Reliability.Tests.Stress;

/// <summary>Sync callers that block pool threads must not stop the leader's work, which itself needs the pool.</summary>
public class ThreadPoolStarvationTests
{
    private const int Callers = 500;

    [Test]
    public async Task Five_hundred_sync_callers_blocked_on_one_key_all_complete_while_the_work_needs_the_pool()
    {
        var coalescer = new Coalescer();
        var executions = 0;
        using var everyoneQueued = new CountdownEvent(Callers);
        var stopwatch = Stopwatch.StartNew();

        // Every caller is a pool work item that blocks in Run; the leader's work then needs two more pool hops
        // (a Task.Run and the continuation after a delay) behind the 499 blocked joiners.
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(() =>
        {
            everyoneQueued.Signal();
            return coalescer.Run("one key", () =>
            {
                Interlocked.Increment(ref executions);
                return Task.Run(async () =>
                {
                    await Task.Delay(50);
                    return 42;
                }).GetAwaiter().GetResult();
            });
        })).ToArray();

        int[] results = [];
        try
        {
            results = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{callers.Count(static c => !c.IsCompleted)} of {Callers} sync callers still blocked after 120 s");
        }

        TestContext.Out.WriteLine($"{Callers} sync callers completed in {stopwatch.Elapsed.TotalSeconds:F1} s with {executions} executions");
        var stats = coalescer.GetStats();
        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Length.EqualTo(Callers).And.All.EqualTo(42));
            Assert.That(stats.Misses, Is.EqualTo(executions));
            Assert.That(stats.Hits + stats.Misses, Is.EqualTo(Callers));
            Assert.That(stats.Active, Is.Zero);
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }
}
