using System.Diagnostics;

namespace SharedCall.Reliability.Tests.Pinned;

/// <summary>With a trace listener, the leader's work runs inside the execution's span, and the caller leaves it after.</summary>
[NonParallelizable]
public class ActivityScopeTests
{
    [Test]
    public void Sync_leader_runs_its_work_in_the_execution_span_and_returns_to_its_own_span()
    {
        using var listener = Listen();
        using var caller = new Activity("caller").Start();
        var coalescer = new Coalescer();

        var inside = coalescer.Run("k", () => Activity.Current);
        Assert.Multiple(() =>
        {
            Assert.That(inside?.OperationName, Is.EqualTo("sharedcall.execute"));
            Assert.That(Activity.Current, Is.SameAs(caller));
        });
    }

    [Test]
    public void Sync_leader_whose_work_throws_returns_to_its_own_span()
    {
        using var listener = Listen();
        using var caller = new Activity("caller").Start();
        var coalescer = new Coalescer();

        Assert.That(() => coalescer.Run<int>("k", () => throw new InvalidOperationException("boom")), Throws.InvalidOperationException);
        Assert.That(Activity.Current, Is.SameAs(caller));
    }

    [Test]
    public void A_span_the_sync_work_leaves_open_does_not_become_the_callers_span()
    {
        using var listener = Listen();
        using var caller = new Activity("caller").Start();
        var coalescer = new Coalescer();

        // The caller goes on in its own span, not in the one the work left current.
        var leaked = coalescer.Run("k", () => new Activity("leaked by the work").Start());
        Assert.That(Activity.Current, Is.SameAs(caller));
        leaked.Dispose();
    }

    [Test]
    public void A_span_the_failing_sync_work_leaves_open_does_not_become_the_callers_span()
    {
        using var listener = Listen();
        using var caller = new Activity("caller").Start();
        var coalescer = new Coalescer();
        Activity? leaked = null;

        Assert.That(
            () => coalescer.Run<int>("k", () =>
            {
                leaked = new Activity("leaked by the work").Start();
                throw new InvalidOperationException("boom");
            }),
            Throws.InvalidOperationException);
        Assert.That(Activity.Current, Is.SameAs(caller));
        leaked?.Dispose();
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "SharedCall",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
