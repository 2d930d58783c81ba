namespace SharedCall.Reliability.Tests.Pinned;

/// <summary>An execution whose callers all cancelled: it leaves the table at once, and is never joined.</summary>
public class AbandonmentTests
{
    [Test]
    public async Task Execution_leaves_the_table_as_soon_as_its_last_caller_cancels_even_while_its_work_runs()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancellation = new CancellationTokenSource();
        var work = CancellationToken.None;
        var leader = coalescer.RunAsync("k", token =>
        {
            work = token;
            return gate.Task;
        }, cancellation.Token);

        await cancellation.CancelAsync();
        Assert.Multiple(() =>
        {
            Assert.That(leader.IsCanceled, Is.True);
            Assert.That(coalescer.InFlightCount, Is.Zero, "the abandoned execution is still in the table");
            Assert.That(work.IsCancellationRequested, Is.True);
            Assert.That(coalescer.GetStats().Active, Is.EqualTo(1), "its work still runs");
        });
        gate.SetResult(1);
        await Bounded.UntilAsync(() => coalescer.GetStats().Active == 0, "the abandoned execution's work ends");
    }

    [Test]
    public async Task Async_caller_finding_an_abandoned_execution_still_in_the_table_starts_a_new_one()
    {
        var coalescer = new Coalescer();
        var table = HoldingTable.Install(coalescer);
        using var cancellation = new CancellationTokenSource();
        var abandoned = coalescer.RunAsync("k", _ => new TaskCompletionSource<int>().Task, cancellation.Token);

        // The abandoning caller's removal is held back: the entry is still there when the next caller looks.
        table.HoldNextRemoval();
        await cancellation.CancelAsync();
        Assert.That(coalescer.InFlightCount, Is.EqualTo(1));

        var fresh = await coalescer.RunAsync("k", _ => Task.FromResult(2)).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(abandoned.IsCanceled, Is.True);
            Assert.That(fresh, Is.EqualTo(2), "the new caller joined the abandoned execution");
            Assert.That(coalescer.GetStats().Misses, Is.EqualTo(2));
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    [Test]
    public async Task Sync_caller_finding_an_abandoned_execution_still_in_the_table_starts_a_new_one()
    {
        var coalescer = new Coalescer();
        var table = HoldingTable.Install(coalescer);
        using var cancellation = new CancellationTokenSource();
        _ = coalescer.RunAsync("k", _ => new TaskCompletionSource<int>().Task, cancellation.Token);
        table.HoldNextRemoval();
        await cancellation.CancelAsync();

        var fresh = await Task.Run(() => coalescer.Run("k", () => 3)).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(fresh, Is.EqualTo(3));
            Assert.That(coalescer.GetStats().Misses, Is.EqualTo(2));
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    [Test]
    public async Task Caller_joining_in_the_instant_after_publication_gets_the_published_outcome()
    {
        // A sync leader publishes; its removal is held back, so an async caller still finds and joins it.
        var coalescer = new Coalescer();
        var table = HoldingTable.Install(coalescer);
        table.HoldNextRemoval();
        var published = new object();
        Assert.That(coalescer.Run("k", () => published), Is.SameAs(published));

        var late = await coalescer.RunAsync("k", _ => Task.FromResult(new object())).Bounded();
        Assert.That(late, Is.SameAs(published));
    }
}
