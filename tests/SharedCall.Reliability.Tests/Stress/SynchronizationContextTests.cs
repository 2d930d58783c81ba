namespace SharedCall.Reliability.Tests.Stress;

/// <summary>
/// The core never needs the caller's context to publish an outcome: a sync joiner blocking the only thread of a
/// UI-like context still gets its result, and async callers on that context resume there afterwards.
/// </summary>
public class SynchronizationContextTests
{
    [Test]
    public async Task Sync_joiner_blocking_a_single_threaded_context_does_not_deadlock()
    {
        using var context = new SingleThreadSynchronizationContext();
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<int>? asyncLeader = null;
        var resumedOnContext = false;

        var outcome = context.RunAsync(async () =>
        {
            // An async leader started on the context, then a sync joiner of the same key on the same thread:
            // the joiner blocks the context's only thread until the work (released from elsewhere) completes.
            asyncLeader = coalescer.RunAsync("key", async _ =>
            {
                await gate.Task.ConfigureAwait(false);
                return 1;
            });
            _ = Task.Run(async () =>
            {
                await Bounded.UntilHitsAsync(coalescer, 1);
                gate.SetResult();
            });
            var joined = coalescer.Run("key", () => 2);
            var led = await asyncLeader;
            resumedOnContext = Environment.CurrentManagedThreadId == context.ThreadId;
            return joined * 10 + led;
        });

        int result = 0;
        try
        {
            result = await outcome.Bounded();
        }
        catch (TimeoutException)
        {
            Assert.Fail("the sync joiner on the single-threaded context deadlocked");
        }

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(11), "both callers get the leader's value");
            Assert.That(resumedOnContext, Is.True, "the async caller resumes on its context");
            Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(Hits: 1, Misses: 1, Errors: 0, Active: 0)));
        });
    }

    [Test]
    public async Task Sync_leader_on_a_single_threaded_context_serves_async_joiners_elsewhere()
    {
        using var context = new SingleThreadSynchronizationContext();
        var coalescer = new Coalescer();
        using var working = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        var leader = context.RunAsync(() => Task.FromResult(coalescer.Run("key", () =>
        {
            working.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            return 7;
        })));
        Assert.That(working.Wait(TimeSpan.FromSeconds(10)), Is.True);
        var joiners = Enumerable.Range(0, 10).Select(_ => Task.Run(() => coalescer.RunAsync("key", _ => Task.FromResult(-1)))).ToArray();
        await Bounded.UntilHitsAsync(coalescer, 10);
        release.Set();

        var results = await Task.WhenAll(joiners.Append(leader)).Bounded();
        Assert.That(results, Is.All.EqualTo(7));
    }
}
