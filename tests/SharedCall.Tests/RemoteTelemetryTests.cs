using System.Collections.Concurrent;
using System.Diagnostics;
using SharedCall.Advanced;

namespace SharedCall.Tests;

/// <summary>What a cross-process level's executions show in stats, metrics and traces.</summary>
[NonParallelizable]
public class RemoteTelemetryTests
{
    private static readonly CoalescingOperation GetItem = new("Catalog.GetItem");
    private static readonly CoalescingOperation LocalItem = new("Catalog.LocalItem") { CrossProcess = false };

    [Test]
    public async Task A_leader_served_by_another_process_counts_as_remote_and_its_joined_callers_as_joined()
    {
        using var recorder = new MeasurementRecorder("served");
        var remote = new ServedElsewhere();
        var coalescer = new Coalescer(new CoalescerOptions { Name = "served", RemoteCoalescing = remote });

        var calls = Enumerable.Range(0, 5).Select(_ => coalescer.RunAsync(GetItem, "item:1", 0, static (_, _) => Task.FromResult("mine"))).ToList();
        Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "remote")), Is.Zero, "counted when the outcome is known");
        remote.Answer.SetResult();

        Assert.That(await Task.WhenAll(calls).Bounded(), Has.All.EqualTo("another process's"));
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "remote")), Is.EqualTo(1));
            Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "joined")), Is.EqualTo(4));
            Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.Zero);
            Assert.That(recorder.Values("sharedcall.execution.callers"), Is.EqualTo(new[] { 5d }));
            Assert.That(coalescer.GetStats("Catalog.GetItem"), Is.EqualTo(new CoalescingStats(4, 1, 0, 0) { Remote = 1 }));
        });
    }

    [Test]
    public async Task A_leader_whose_work_the_remote_level_runs_here_counts_as_leader_at_the_end()
    {
        using var recorder = new MeasurementRecorder("ran-here");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "ran-here", RemoteCoalescing = new Reporting() });
        var gate = Bounded.Gate<int>();

        var call = coalescer.RunAsync(GetItem, "item:1", gate, static (g, _) => g.Task);
        Assert.That(recorder.Sum("sharedcall.calls"), Is.Zero);
        gate.SetResult(3);

        Assert.That(await call.Bounded(), Is.EqualTo(3));
        Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.EqualTo(1));
        Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "remote")), Is.Zero);
        Assert.That(coalescer.GetStats().Remote, Is.Zero);
    }

    [Test]
    public async Task Fallbacks_and_takeovers_are_counted_by_reason_in_metrics_and_stats_and_recorded_on_the_execution()
    {
        using var recorder = new MeasurementRecorder("reporting");
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = Listen(stopped);
        var coalescer = new Coalescer(new CoalescerOptions { Name = "reporting", RemoteCoalescing = new Reporting() });

        Assert.That(await coalescer.RunAsync(GetItem, "item:1", 0, static (_, _) => Task.FromResult(1)).Bounded(), Is.EqualTo(1));
        Assert.That(await coalescer.RunAsync(GetItem, "item:2", 0, static (_, _) => Task.FromResult(2)).Bounded(), Is.EqualTo(2));

        var stats = coalescer.GetStats("Catalog.GetItem");
        var execution = stopped.First(a => Equals(a.GetTagItem("sharedcall.coalescer"), "reporting"));
        Assert.Multiple(() =>
        {
            Assert.That(recorder.Sum("sharedcall.remote.fallbacks", ("sharedcall.remote.reason", "circuit_open")), Is.EqualTo(2));
            Assert.That(recorder.Sum("sharedcall.remote.takeovers", ("sharedcall.operation", "Catalog.GetItem")), Is.EqualTo(2));
            Assert.That(stats.RemoteFallbacks, Is.EqualTo(2));
            Assert.That(stats.RemoteTakeovers, Is.EqualTo(2));
            Assert.That(execution.Events.Select(e => e.Name), Is.EqualTo(new[] { "test.step", "sharedcall.remote.fallback", "sharedcall.remote.takeover" }));
            Assert.That(execution.Events.Select(e => e.Tags.FirstOrDefault(t => t.Key == "sharedcall.remote.reason").Value), Is.EqualTo(new object?[] { "why", "circuit_open", null }));
        });

        coalescer.ResetStats();
        Assert.That(coalescer.GetStats(), Is.EqualTo(default(CoalescingStats)));
    }

    [Test]
    public async Task Executions_kept_in_this_process_are_counted_by_reason()
    {
        using var recorder = new MeasurementRecorder("kept");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "kept", RemoteCoalescing = new ServedElsewhere() });

        Assert.That(await coalescer.RunAsync(42, _ => Task.FromResult(1)).Bounded(), Is.EqualTo(1));
        Assert.That(await coalescer.RunAsync(LocalItem, "item:1", 2, static (v, _) => Task.FromResult(v)).Bounded(), Is.EqualTo(2));
        Assert.That(await coalescer.RunValueTaskAsync(GetItem, new FlightKey(7), 3, static (v, _) => new ValueTask<int>(v), CancellationToken.None).AsTask().Bounded(), Is.EqualTo(3));

        Assert.That(recorder.Sum("sharedcall.remote.kept_local", ("sharedcall.remote.reason", "key_not_string")), Is.EqualTo(2));
        Assert.That(recorder.Sum("sharedcall.remote.kept_local", ("sharedcall.remote.reason", "cross_process_off")), Is.EqualTo(1));
        Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.EqualTo(3));
    }

    [Test]
    public void Work_that_is_not_the_cores_reports_nowhere()
    {
        var execution = RemoteExecution.Of(new Func<int>(() => 1));
        Assert.DoesNotThrow(() =>
        {
            execution.RecordStep("test.step");
            execution.RecordFallback("circuit_open");
            execution.RecordTakeover();
        });
        Assert.That(() => RemoteExecution.Of(null!), Throws.ArgumentNullException);
        Assert.That(new ServedElsewhere().SupportsResultType(typeof(object), out var reason), Is.True);
        Assert.That(reason, Is.Null);
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SharedCall",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>Answers every execution with another process's result once <see cref="Answer"/> is set, never running the work.</summary>
    private sealed class ServedElsewhere : RemoteCoalescing
    {
        public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<T> RunAsync<T>(string coalescer, string operation, string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            await Answer.Task.ConfigureAwait(false);
            return (T)(object)"another process's";
        }
    }

    /// <summary>Reports a step, a fallback and a takeover, then runs the work here.</summary>
    private sealed class Reporting : RemoteCoalescing
    {
        public override Task<T> RunAsync<T>(string coalescer, string operation, string key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            var execution = RemoteExecution.Of(work);
            execution.RecordStep("test.step", "why");
            execution.RecordFallback("circuit_open");
            execution.RecordTakeover();
            return work(cancellationToken);
        }
    }
}
