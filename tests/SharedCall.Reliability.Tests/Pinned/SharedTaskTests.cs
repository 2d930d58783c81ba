namespace SharedCall.Reliability.Tests.Pinned;

/// <summary>Callers that cannot cancel share one task: no per-caller allocation, a design constraint of the core.</summary>
public class SharedTaskTests
{
    [Test]
    public async Task Leader_and_joiners_without_a_cancellable_token_get_the_same_task()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = coalescer.RunAsync("k", _ => gate.Task);
        var joiner = coalescer.RunAsync("k", _ => Task.FromResult(-1));
        var another = coalescer.RunAsync("k", _ => Task.FromResult(-1));
        gate.SetResult(1);

        Assert.Multiple(() =>
        {
            Assert.That(joiner, Is.SameAs(leader));
            Assert.That(another, Is.SameAs(leader));
        });
        Assert.That(await leader, Is.EqualTo(1));
    }

    [Test]
    public async Task Joiner_without_a_cancellable_token_allocates_nothing()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<CancellationToken, Task<int>> work = _ => Task.FromResult(-1);
        var leader = coalescer.RunAsync("k", _ => gate.Task);
        _ = coalescer.RunAsync("k", work);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var joiner = coalescer.RunAsync("k", work);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        gate.SetResult(1);
        Assert.That(allocated, Is.Zero);
        Assert.That(await joiner, Is.EqualTo(1));
        await leader;
    }
}
