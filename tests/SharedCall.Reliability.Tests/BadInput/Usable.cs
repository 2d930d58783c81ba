namespace SharedCall.Reliability.Tests.BadInput;

/// <summary>Checks that a coalescer that just saw bad input is still fully usable, and left nothing behind.</summary>
internal static class Usable
{
    public static async Task AssertFullyUsableAsync(Coalescer coalescer)
    {
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var executions = 0;
        var before = coalescer.GetStats();
        var leader = coalescer.RunAsync("usable", _ =>
        {
            Interlocked.Increment(ref executions);
            return gate.Task;
        });
        var joiner = coalescer.RunAsync("usable", _ => Task.FromResult("joiner ran"));
        var syncJoiner = Task.Run(() => coalescer.Run("usable", () => "sync joiner ran"));
        await Bounded.UntilHitsAsync(coalescer, before.Hits + 2);

        gate.SetResult("value");
        var results = await Task.WhenAll(leader, joiner, syncJoiner).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.All.EqualTo("value"));
            Assert.That(executions, Is.EqualTo(1));
            Assert.That(coalescer.Run(new object(), () => 5), Is.EqualTo(5));
            Assert.That(coalescer.GetStats().Active, Is.Zero, "Active after the bad input");
            Assert.That(coalescer.InFlightCount, Is.Zero, "entries left in the table");
        });
    }
}
