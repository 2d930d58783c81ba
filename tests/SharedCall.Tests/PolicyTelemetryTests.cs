using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace SharedCall.Tests;

/// <summary>What the metrics say about failed, timed-out, abandoned and reused executions.</summary>
[NonParallelizable]
public class PolicyTelemetryTests
{
    [Test]
    public void A_failure_carries_its_exceptions_type_name_as_error_type()
    {
        using var recorder = new MeasurementRecorder("error-type");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "error-type" });
        Assert.That(() => coalescer.Run<int>("k", () => throw new FormatException()), Throws.TypeOf<FormatException>());

        Assert.That(recorder.Sum("sharedcall.failures", ("error.type", "System.FormatException")), Is.EqualTo(1));
    }

    [Test]
    public async Task A_timeout_is_a_failure_with_error_type_timeout()
    {
        using var recorder = new MeasurementRecorder("timeout");
        var time = new FakeTimeProvider();
        var coalescer = new Coalescer(new CoalescerOptions { Name = "timeout", TimeProvider = time });
        var operation = new CoalescingOperation("op") { Timeout = TimeSpan.FromSeconds(1) };

        var call = coalescer.RunAsync(operation, "k", 0, static (_, _) => new TaskCompletionSource<int>().Task);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(async () => await call.Bounded(), Throws.TypeOf<TimeoutException>());

        Assert.That(recorder.Sum("sharedcall.failures", ("error.type", "timeout")), Is.EqualTo(1));
        Assert.That(recorder.Sum("sharedcall.in_flight"), Is.Zero);
    }

    [Test]
    public async Task An_execution_every_caller_abandoned_is_not_a_failure()
    {
        using var recorder = new MeasurementRecorder("abandoned");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "abandoned" });
        using var token = new CancellationTokenSource();
        var workEnded = Bounded.Gate<bool>();

        var call = coalescer.RunAsync("k", async ct =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
                return 1;
            }
            finally
            {
                workEnded.SetResult(true);
            }
        }, token.Token);
        await token.CancelAsync();
        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        await workEnded.Task.Bounded();
        var deadline = DateTime.UtcNow + Bounded.Timeout;
        while (coalescer.GetStats().Active != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }

        Assert.That(coalescer.GetStats().Canceled, Is.EqualTo(1));
        Assert.That(recorder.Sum("sharedcall.failures"), Is.Zero);
    }

    [Test]
    public async Task A_caller_served_from_a_reuse_window_is_counted_as_reused()
    {
        using var recorder = new MeasurementRecorder("reused");
        var coalescer = new Coalescer(new CoalescerOptions { Name = "reused", TimeProvider = new FakeTimeProvider() });
        var operation = new CoalescingOperation("op") { ReuseFor = TimeSpan.FromSeconds(1) };

        await coalescer.RunAsync(operation, "k", 0, static (_, _) => Task.FromResult(1)).Bounded();
        await coalescer.RunAsync(operation, "k", 0, static (_, _) => Task.FromResult(2)).Bounded();

        Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "leader")), Is.EqualTo(1));
        Assert.That(recorder.Sum("sharedcall.calls", ("sharedcall.outcome", "reused")), Is.EqualTo(1));
    }

    [Test]
    public void The_duration_histogram_advises_buckets_from_a_millisecond_to_a_minute()
    {
        Histogram<double>? duration = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "SharedCall" && instrument.Name == "sharedcall.execution.duration")
                {
                    duration = (Histogram<double>)instrument;
                }
            },
        };
        listener.Start();
        _ = new Coalescer().Run("k", () => 1);

        var boundaries = duration!.Advice!.HistogramBucketBoundaries!;
        Assert.That(boundaries[0], Is.EqualTo(0.001));
        Assert.That(boundaries[^1], Is.EqualTo(60));
        static int BucketOf(IReadOnlyList<double> upperBounds, double value) => upperBounds.Count(b => b < value);
        Assert.That(BucketOf(boundaries, 0.10), Is.Not.EqualTo(BucketOf(boundaries, 0.11)), "0.10 s and 0.11 s land in different buckets");
    }
}
