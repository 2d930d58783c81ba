using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace SharedCall.Redis.Tests;

/// <summary>
/// One test "process"'s telemetry: its meter (made by this factory, so two coalescers named alike stay apart), the
/// <c>sharedcall.execute</c> activities started under its own parent activity, and its log lines.
/// </summary>
public sealed class TelemetryRecorder : IMeterFactory, ILogger
{
    private static readonly ActivitySource Processes = new("SharedCall.Redis.Tests");
    private readonly ConcurrentQueue<Meter> _meters = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly MeterListener _meterListener;
    private readonly ActivityListener _activityListener;
    private readonly string _process = "process-" + Guid.NewGuid().ToString("N")[..6];

    public TelemetryRecorder()
    {
        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, this))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<long>((i, v, t, _) => _measurements.Enqueue((i.Name, v, t.ToArray())));
        _meterListener.SetMeasurementEventCallback<double>((i, v, t, _) => _measurements.Enqueue((i.Name, v, t.ToArray())));
        _meterListener.Start();
        _activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "SharedCall" or "SharedCall.Redis.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "sharedcall.execute" && activity.Parent?.OperationName == _process)
                {
                    _activities.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activityListener);
    }

    /// <summary>Gets the <c>sharedcall.execute</c> activities of calls started inside <see cref="Calls"/>.</summary>
    public IReadOnlyList<Activity> Executions => [.. _activities];

    public IEnumerable<string> Logs => _logs;

    /// <summary>Every tag value, event name and event tag value recorded, and every log line: where a key must never appear.</summary>
    public IEnumerable<string> EverythingRecorded =>
        _measurements.SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}"))
            .Concat(_activities.SelectMany(a => a.TagObjects.Select(t => $"{t.Key}={t.Value}")
                .Concat(a.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}").Append(e.Name)))
                .Append(a.DisplayName)))
            .Concat(_logs);

    /// <summary>Starts this process's parent activity: executions started inside it are recorded.</summary>
    public Activity Calls() => Processes.StartActivity(_process)!;

    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(x => x.Key == t.Key && Equals(x.Value, t.Value)))).Sum(m => m.Value);

    public string[] Events() => [.. _activities.SelectMany(a => a.Events.Select(e => Describe(e)))];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options.Name, options.Version, options.Tags, this);
        _meters.Enqueue(meter);
        return meter;
    }

    public void Dispose()
    {
        _meterListener.Dispose();
        _activityListener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }

    IDisposable? ILogger.BeginScope<TState>(TState state) => null;

    bool ILogger.IsEnabled(LogLevel logLevel) => true;

    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logs.Enqueue(formatter(state, exception) + " " + state + " " + exception);

    private static string Describe(ActivityEvent e) =>
        e.Tags.FirstOrDefault(t => t.Key == "sharedcall.remote.reason").Value is { } reason ? $"{e.Name}({reason})" : e.Name;
}
