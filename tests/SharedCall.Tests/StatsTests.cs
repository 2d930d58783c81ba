namespace SharedCall.Tests;

public class StatsTests
{
    [Test]
    public async Task Misses_count_executions_hits_count_joined_callers_and_active_counts_what_runs_now()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var calls = Enumerable.Range(0, 4).Select(_ => coalescer.RunAsync("k", _ => gate.Task)).ToArray();
        var other = coalescer.RunAsync("other", _ => gate.Task);

        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(Hits: 3, Misses: 2, Errors: 0, Active: 2)));
        gate.SetResult(1);
        await Task.WhenAll(calls.Append(other)).Bounded();

        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(3, 2, 0, 0)));
    }

    [Test]
    public async Task Errors_count_failed_executions_not_failed_callers()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var calls = Enumerable.Range(0, 5).Select(_ => coalescer.RunAsync("k", _ => gate.Task)).ToArray();
        gate.SetException(new FormatException());
        foreach (var call in calls)
        {
            await Assert.CatchAsync<FormatException>(async () => await call.Bounded());
        }

        Assert.That(() => coalescer.Run<int>("sync", () => throw new FormatException()), Throws.TypeOf<FormatException>());

        Assert.That(coalescer.GetStats().Errors, Is.EqualTo(2));
        await Task.CompletedTask;
    }

    [Test]
    public async Task ResetStats_zeroes_the_counters_but_not_active()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        coalescer.Run<int>("failed", () => throw new FormatException(), ignore: true);
        var running = coalescer.RunAsync("k", _ => gate.Task);
        var joined = coalescer.RunAsync("k", _ => gate.Task);

        coalescer.ResetStats();
        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(0, 0, 0, 1)));

        gate.SetResult(1);
        await Task.WhenAll(running, joined).Bounded();
        Assert.That(coalescer.GetStats().Active, Is.Zero, "active never goes negative after a reset");
    }

    [TestCase(0, 0, 0d)]
    [TestCase(3, 1, 0.75d)]
    [TestCase(0, 5, 0d)]
    [TestCase(99, 1, 0.99d)]
    public void HitRate_is_hits_over_hits_plus_misses(long hits, long misses, double expected)
    {
        Assert.That(new CoalescingStats(hits, misses, 0, 0).HitRate, Is.EqualTo(expected).Within(1e-12));
    }
}

internal static class CoalescerTestExtensions
{
    public static void Run<T>(this Coalescer coalescer, object key, Func<T> work, bool ignore)
    {
        try
        {
            coalescer.Run(key, work);
        }
        catch (Exception) when (ignore)
        {
        }
    }
}
