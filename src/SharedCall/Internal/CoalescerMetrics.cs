using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace SharedCall.Internal;

/// <summary>The instruments of one <see cref="Meter"/>, made once and shared by every coalescer on it.</summary>
internal sealed class CoalescerMetrics
{
    private static readonly ConditionalWeakTable<Meter, CoalescerMetrics> s_byMeter = [];

    private CoalescerMetrics(Meter meter)
    {
        Calls = meter.CreateCounter<long>("sharedcall.calls", "{call}", "Calls to a coalescer, by outcome: leader (ran the work), joined (shared another caller's execution), reused (got a result kept from a completed execution) or remote (led this process's execution, which another process's execution served).");
        Failures = meter.CreateCounter<long>("sharedcall.failures", "{execution}", "Executions whose work failed or timed out, by error.type; executions every caller cancelled are not counted.");
        InFlight = meter.CreateUpDownCounter<long>("sharedcall.in_flight", "{execution}", "Executions in flight.");
        Duration = meter.CreateHistogram<double>("sharedcall.execution.duration", "s", "How long the leader's execution took.", tags: null, DurationAdvice);
        Callers = meter.CreateHistogram<long>("sharedcall.execution.callers", "{call}", "Callers served by one execution, the leader included.");
        RemoteFallbacks = meter.CreateCounter<long>("sharedcall.remote.fallbacks", "{execution}", "Executions the cross-process level could not serve and ran in this process instead, by sharedcall.remote.reason.");
        RemoteTakeovers = meter.CreateCounter<long>("sharedcall.remote.takeovers", "{execution}", "Executions this process took over after another process's execution ended without an outcome.");
        KeptLocal = meter.CreateCounter<long>("sharedcall.remote.kept_local", "{execution}", "Executions of a coalescer with a cross-process level that stayed in this process, by sharedcall.remote.reason: key_not_string or cross_process_off.");
    }

    /// <summary>
    /// Bucket boundaries from 1 ms to 60 s: OpenTelemetry's default boundaries are meant for milliseconds, so in seconds
    /// they put every execution under 5 s in one bucket.
    /// </summary>
    public static InstrumentAdvice<double> DurationAdvice { get; } = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60],
    };

    public static CoalescerMetrics Shared { get; } = For(Telemetry.SharedMeter);

    public Counter<long> Calls { get; }

    public Counter<long> Failures { get; }

    public UpDownCounter<long> InFlight { get; }

    public Histogram<double> Duration { get; }

    public Histogram<long> Callers { get; }

    public Counter<long> RemoteFallbacks { get; }

    public Counter<long> RemoteTakeovers { get; }

    public Counter<long> KeptLocal { get; }

    /// <summary>Gets whether any instrument measured at the end of an execution has a listener.</summary>
    public bool ExecutionMeasured => InFlight.Enabled || Duration.Enabled || Callers.Enabled || Failures.Enabled;

    public static CoalescerMetrics For(Meter meter) => s_byMeter.GetValue(meter, static meter => new CoalescerMetrics(meter));
}
