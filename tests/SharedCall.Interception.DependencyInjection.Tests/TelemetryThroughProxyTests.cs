using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace SharedCall.Interception.DependencyInjection.Tests;

[NonParallelizable]
public class TelemetryThroughProxyTests
{
    [Test]
    public async Task Intercepted_calls_tag_the_operation_and_never_an_argument_value()
    {
        var tagValues = new ConcurrentBag<string>();
        var operations = new ConcurrentBag<string>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "SharedCall")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                tagValues.Add(tag.Value?.ToString() ?? string.Empty);
                if (tag.Key == "sharedcall.operation")
                {
                    operations.Add((string)tag.Value!);
                }
            }
        }

        meterListener.SetMeasurementEventCallback<long>((_, _, tags, _) => Record(tags));
        meterListener.SetMeasurementEventCallback<double>((_, _, tags, _) => Record(tags));
        meterListener.Start();
        var activities = new ConcurrentBag<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SharedCall",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(activityListener);

        var backend = new Backend();
        await using var provider = new ServiceCollection()
            .AddSingleton(backend)
            .AddCoalescing(options => options.Name = "proxy-telemetry")
            .AddScoped<IUserRepository, UserRepository>()
            .Coalesce<IUserRepository>()
            .BuildServiceProvider();
        var calls = Enumerable.Range(0, 5).Select(async _ =>
        {
            await using var scope = provider.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IUserRepository>().GetUserAsync(424242);
        }).ToArray();
        backend.Gate.SetResult(true);
        await Task.WhenAll(calls).Bounded();

        var execution = activities.Single(a => Equals(a.GetTagItem("sharedcall.coalescer"), "proxy-telemetry"));
        Assert.That(execution.GetTagItem("sharedcall.operation"), Is.EqualTo("IUserRepository.GetUserAsync"));
        Assert.That(execution.TagObjects.Select(t => t.Value?.ToString()), Has.None.Contains("424242"));
        Assert.That(operations, Is.Not.Empty.And.All.EqualTo("IUserRepository.GetUserAsync"));
        Assert.That(tagValues, Has.None.Contains("424242"));
    }
}
