using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace SharedCall.Internal;

/// <summary>The instruments of one <see cref="Meter"/>, made once and shared by every coalescer on it.</summary>
internal sealed class CoalescerMetrics
{
    private static readonly ConditionalWeakTable<Meter, CoalescerMetrics> s_byMeter = [];

    private CoalescerMetrics(Meter meter)
    {
        Calls = meter.CreateCounter<long>("sharedcall.calls", "{call}", "Calls to a coalescer, by outcome: leader (ran the work) or joined (shared another caller's execution).");
        Failures = meter.CreateCounter<long>("sharedcall.failures", "{execution}", "Executions whose work failed.");
        InFlight = meter.CreateUpDownCounter<long>("sharedcall.in_flight", "{execution}", "Executions in flight.");
        Duration = meter.CreateHistogram<double>("sharedcall.execution.duration", "s", "How long the leader's execution took.");
        Callers = meter.CreateHistogram<long>("sharedcall.execution.callers", "{call}", "Callers served by one execution, the leader included.");
    }

    public static CoalescerMetrics Shared { get; } = For(Telemetry.SharedMeter);

    public Counter<long> Calls { get; }

    public Counter<long> Failures { get; }

    public UpDownCounter<long> InFlight { get; }

    public Histogram<double> Duration { get; }

    public Histogram<long> Callers { get; }

    /// <summary>Gets whether any instrument measured at the end of an execution has a listener.</summary>
    public bool ExecutionMeasured => InFlight.Enabled || Duration.Enabled || Callers.Enabled || Failures.Enabled;

    public static CoalescerMetrics For(Meter meter) => s_byMeter.GetValue(meter, static meter => new CoalescerMetrics(meter));
}
