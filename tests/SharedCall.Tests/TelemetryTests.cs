using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SharedCall.Tests;

[NonParallelizable]
public class MetricsTests
{
    [Test]
    public void The_SharedCall_meter_publishes_the_documented_instruments()
    {
        var instruments = new ConcurrentDictionary<string, Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "SharedCall")
                {
                    instruments[instrument.Name] = instrument;
                }
            },
        };
        listener.Start();
        _ = new Coalescer().Run("k", () => 1);

        Assert.That(instruments.Keys, Is.EquivalentTo(new[]
        {
            "sharedcall.calls", "sharedcall.failures", "sharedcall.in_flight", "sharedcall.execution.duration", "sharedcall.execution.callers",
            "sharedcall.remote.fallbacks", "sharedcall.remote.takeovers", "sharedcall.remote.kept_local",
        }));
        Assert.That(instruments["sharedcall.calls"], Is.InstanceOf<Counter<long>>().With.Property("Unit").EqualTo("{call}"));
        Assert.That(instruments["sharedcall.failures"], Is.InstanceOf<Counter<long>>().With.Property("Unit").EqualTo("{execution}"));
        Assert.That(instruments["sharedcall.in_flight"], Is.InstanceOf<UpDownCounter<long>>().With.Property("Unit").EqualTo("{execution}"));
        Assert.That(instruments["sharedcall.execution.duration"], Is.InstanceOf<Histogram<double>>().With.Property("Unit").EqualTo("s"));
        Assert.That(instruments["sharedcall.execution.callers"], Is.InstanceOf<Histogram<long>>().With.Property("Unit").EqualTo("{call}"));
        Assert.That(
            new[] { "sharedcall.remote.fallbacks", "sharedcall.remote.takeovers", "sharedcall.remote.kept_local" }.Select(name => instruments[name]),
            Has.All.InstanceOf<Counter<long>>().And.All.Property("Unit").EqualTo("{execution}"));
    }

    [Test]
    public async Task A_burst_records_one_leader_the_joined_callers_the_duration_and_the_callers_per_execution()
    {
        using var recorder = new MeasurementRecorder("burst");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "burst" });
        var gate = Bounded.Gate<int>();
        var calls = Enumerable.Range(0, 10).Select(_ => coalescer.RunAsync("k", _ => gate.Task)).ToArray();

        Assert.That(recorder.Sum("sharedcall.in_flight"), Is.EqualTo(1), "one execution in flight while the gate is closed");
        gate.SetResult(1);
        await Task.WhenAll(calls).Bounded();

        Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.EqualTo(1));
        Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "joined")), Is.EqualTo(9));
        Assert.That(recorder.Sum("sharedcall.in_flight"), Is.Zero);
        Assert.That(recorder.Values("sharedcall.execution.callers"), Is.EqualTo(new[] { 10d }));
        Assert.That(recorder.Values("sharedcall.execution.duration"), Has.Exactly(1).Items.And.All.GreaterThanOrEqualTo(0d));
        Assert.That(recorder.Sum("sharedcall.failures"), Is.Zero);
        Assert.That(recorder.All.Select(m => m.Tag("sharedcall.coalescer")), Has.All.EqualTo("burst"));
    }

    [Test]
    public void A_failed_execution_is_counted_once()
    {
        using var recorder = new MeasurementRecorder("failing");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "failing" });
        Assert.That(() => coalescer.Run<int>("k", () => throw new FormatException()), Throws.TypeOf<FormatException>());

        Assert.That(recorder.Sum("sharedcall.failures"), Is.EqualTo(1));
        Assert.That(recorder.Sum("sharedcall.in_flight"), Is.Zero);
    }

    [Test]
    public async Task Operations_tag_every_measurement_and_no_argument_value_appears_in_any_tag()
    {
        using var recorder = new MeasurementRecorder("tags");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "tags" });
        var operation = new CoalescingOperation("IUserRepository.GetUserAsync");
        await coalescer.RunAsync(operation, "user:secret-42", "secret-state", static (_, _) => Task.FromResult("secret-result")).Bounded();
        Assert.That(() => coalescer.Run(operation, "user:secret-43", "secret-state", static string (_) => throw new FormatException("secret")), Throws.TypeOf<FormatException>());

        Assert.That(recorder.All, Is.Not.Empty);
        Assert.That(recorder.All.Select(m => m.Tag("sharedcall.operation")), Has.All.EqualTo("IUserRepository.GetUserAsync"));
        var tagValues = recorder.All.SelectMany(m => m.Tags).Select(t => t.Value?.ToString() ?? string.Empty);
        Assert.That(tagValues, Has.None.Contains("secret"));
    }

    [Test]
    public void A_coalescer_made_with_a_meter_factory_publishes_on_the_factory_meter_named_SharedCall()
    {
        using var factory = new TestMeterFactory();
        var seen = new ConcurrentBag<Meter>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (factory.Meters.Contains(instrument.Meter))
                {
                    seen.Add(instrument.Meter);
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        var calls = 0L;
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "sharedcall.calls")
            {
                Interlocked.Add(ref calls, value);
            }
        });
        listener.Start();

        var coalescer = new Coalescer(new CoalescerOptions { Name = "factory", MeterFactory = factory });
        coalescer.Run("k", () => 1);

        Assert.That(seen.Select(m => m.Name).Distinct(), Is.EqualTo(new[] { "SharedCall" }));
        Assert.That(Interlocked.Read(ref calls), Is.EqualTo(1));
    }

    [TestCase("sharedcall.execution.duration")]
    [TestCase("sharedcall.execution.callers")]
    [TestCase("sharedcall.in_flight")]
    public void Each_execution_instrument_alone_is_enough_for_executions_to_be_measured(string only)
    {
        // The coalescer's own meter (through a factory), so no other test's listener enables another instrument.
        using var factory = new TestMeterFactory();
        var measured = new ConcurrentBag<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (factory.Meters.Contains(instrument.Meter) && instrument.Name == only)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => measured.Add(instrument.Name));
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => measured.Add(instrument.Name));
        listener.Start();

        var coalescer = new Coalescer(new CoalescerOptions { Name = "one-instrument", MeterFactory = factory });
        coalescer.Run("k", () => 1);

        Assert.That(measured, Is.Not.Empty.And.All.EqualTo(only));
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Meters { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            Meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Meters)
            {
                meter.Dispose();
            }
        }
    }
}

[NonParallelizable]
public class TracingTests
{
    [Test]
    public async Task The_leader_runs_in_a_sharedcall_execute_activity_and_joined_callers_link_to_it()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "SharedCall" or "Test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource("Test");

        var coalescer = new Coalescer(new CoalescerOptions { Name = "traced" });
        var operation = new CoalescingOperation("IProducts.GetAsync");
        var gate = Bounded.Gate<int>();
        Activity? insideWork = null;
        Task<int> leader;
        using (testSource.StartActivity("leader-request"))
        {
            leader = coalescer.RunAsync(operation, "product:secret", gate, (g, _) =>
            {
                insideWork = Activity.Current;
                return g.Task;
            });
            Assert.That(Activity.Current?.OperationName, Is.EqualTo("leader-request"), "RunAsync restores the caller's activity");
        }

        Task<int> joiner;
        Activity joinerRequest;
        using (joinerRequest = testSource.StartActivity("joiner-request")!)
        {
            joiner = coalescer.RunAsync(operation, "product:secret", gate, (g, _) => g.Task);
        }

        gate.SetResult(1);
        await Task.WhenAll(leader, joiner).Bounded();
        await Bounded.UntilAsync(() => stopped.Any(a => a.OperationName == "sharedcall.execute"), "the execution's activity stopped");

        var execution = stopped.Single(a => a.OperationName == "sharedcall.execute");
        Assert.That(insideWork, Is.SameAs(execution), "the work runs inside the execution's activity");
        Assert.That(execution.Parent?.OperationName, Is.EqualTo("leader-request"));
        Assert.That(execution.GetTagItem("sharedcall.coalescer"), Is.EqualTo("traced"));
        Assert.That(execution.GetTagItem("sharedcall.operation"), Is.EqualTo("IProducts.GetAsync"));
        Assert.That(execution.GetTagItem("sharedcall.callers"), Is.EqualTo(2));
        Assert.That(joinerRequest.Links.Select(l => l.Context.SpanId), Is.EqualTo(new[] { execution.SpanId }));
        Assert.That(execution.TagObjects.Select(t => t.Value?.ToString()), Has.None.Contains("secret"));
    }

    [Test]
    public void A_failed_execution_has_an_error_status()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SharedCall",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var coalescer = new Coalescer(new CoalescerOptions { Name = "traced-failure" });
        Assert.That(() => coalescer.Run<int>("k", () => throw new FormatException()), Throws.TypeOf<FormatException>());

        var execution = stopped.Single(a => Equals(a.GetTagItem("sharedcall.coalescer"), "traced-failure"));
        Assert.That(execution.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(Activity.Current, Is.Null);
    }
}

public class OperationStatsTests
{
    [Test]
    public async Task Each_operation_has_its_own_counters_beside_the_coalescer_totals()
    {
        var coalescer = new Coalescer();
        var users = new CoalescingOperation("IUsers.GetAsync");
        var orders = new CoalescingOperation("IOrders.GetAsync");
        var gate = Bounded.Gate<int>();
        var calls = new[]
        {
            coalescer.RunAsync(users, "u1", gate, static (g, _) => g.Task),
            coalescer.RunAsync(users, "u1", gate, static (g, _) => g.Task),
            coalescer.RunAsync(users, "u1", gate, static (g, _) => g.Task),
            coalescer.RunAsync(orders, "o1", gate, static (g, _) => g.Task),
            coalescer.RunAsync("plain", _ => gate.Task),
        };

        // While in flight, the coalescer's totals already add up every scope: its own calls and each operation's.
        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(2, 3, 0, 3)));
        Assert.That(coalescer.GetStats("IUsers.GetAsync"), Is.EqualTo(new CoalescingStats(2, 1, 0, 1)));
        gate.SetResult(1);
        await Task.WhenAll(calls).Bounded();
        Assert.That(() => coalescer.Run(orders, "o2", 0, static int (_) => throw new FormatException()), Throws.TypeOf<FormatException>());

        Assert.That(coalescer.GetStats("IUsers.GetAsync"), Is.EqualTo(new CoalescingStats(2, 1, 0, 0)));
        Assert.That(coalescer.GetStats("IOrders.GetAsync"), Is.EqualTo(new CoalescingStats(0, 2, 1, 0)));
        Assert.That(coalescer.GetStats("never called"), Is.EqualTo(default(CoalescingStats)));
        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(2, 4, 1, 0)));
        Assert.That(coalescer.GetOperationStats().Keys, Is.EquivalentTo(new[] { "IUsers.GetAsync", "IOrders.GetAsync" }));

        coalescer.ResetStats();
        Assert.That(coalescer.GetOperationStats().Values, Has.All.EqualTo(default(CoalescingStats)));
        Assert.That(coalescer.GetStats(), Is.EqualTo(default(CoalescingStats)));
    }

    [Test]
    public void Operations_with_equal_names_share_counters_and_one_operation_serves_several_coalescers()
    {
        var first = new Coalescer();
        var second = new Coalescer();
        var operation = new CoalescingOperation("op");
        first.Run(operation, "k", 1, static s => s);
        second.Run(operation, "k", 1, static s => s);
        first.Run(new CoalescingOperation("op"), "k", 1, static s => s);

        Assert.That(first.GetStats("op").Misses, Is.EqualTo(2));
        Assert.That(second.GetStats("op").Misses, Is.EqualTo(1));
    }

    [Test]
    public void Operation_names_must_not_be_empty()
    {
        Assert.That(() => new CoalescingOperation(" "), Throws.ArgumentException);
        Assert.That(() => new Coalescer().GetStats(null!), Throws.ArgumentNullException);
    }
}

/// <summary>Records every measurement of the SharedCall meter whose coalescer tag matches.</summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly string _coalescer;

    public MeasurementRecorder(string coalescer)
    {
        _coalescer = coalescer;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "SharedCall")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    public IEnumerable<Measurement> All => _measurements;

    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        Matching(instrument, tags).Sum(m => m.Value);

    public double[] Values(string instrument) => Matching(instrument, []).Select(m => m.Value).ToArray();

    public void Dispose() => _listener.Dispose();

    private IEnumerable<Measurement> Matching(string instrument, (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => Equals(m.Tag(t.Key), t.Value)));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = tags.ToArray();
        if (copy.Any(t => t.Key == "sharedcall.coalescer" && Equals(t.Value, _coalescer)))
        {
            _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
        }
    }

    internal sealed record Measurement(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public object? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key).Value;
    }
}
