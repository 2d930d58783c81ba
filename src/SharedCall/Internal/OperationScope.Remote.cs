using System.Diagnostics;

namespace SharedCall.Internal;

/// <summary>What a coalescer's cross-process level reports about the executions of this scope (see <see cref="RemoteCall{T}"/>).</summary>
internal sealed partial class OperationScope
{
    public void ServedRemotely(Flight flight)
    {
        Stats.ServedRemotely();
        flight.MarkServedRemotely();
    }

    public void RemoteFallback(Flight flight, string reason)
    {
        Stats.RemoteFallback();
        if (_metrics.RemoteFallbacks.Enabled)
        {
            var tags = Tags();
            tags.Add(Telemetry.RemoteReasonTag, reason);
            _metrics.RemoteFallbacks.Add(1, tags);
        }

        AddEvent(flight, Telemetry.FallbackEvent, reason);
    }

    public void RemoteTakeover(Flight flight)
    {
        Stats.RemoteTakeover();
        if (_metrics.RemoteTakeovers.Enabled)
        {
            _metrics.RemoteTakeovers.Add(1, Tags());
        }

        AddEvent(flight, Telemetry.TakeoverEvent, reason: null);
    }

    /// <summary>Counts an execution of a coalescer with a cross-process level that stays in this process.</summary>
    public void KeptLocal(string reason)
    {
        if (_metrics.KeptLocal.Enabled)
        {
            var tags = Tags();
            tags.Add(Telemetry.RemoteReasonTag, reason);
            _metrics.KeptLocal.Add(1, tags);
        }
    }

    /// <summary>Adds an event to the execution's activity, when it has one that is recorded.</summary>
    public static void AddEvent(Flight flight, string name, string? reason)
    {
        if (flight.Activity is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        var tags = reason is null ? null : new ActivityTagsCollection { [Telemetry.RemoteReasonTag] = reason };
        activity.AddEvent(new ActivityEvent(name, tags: tags));
    }
}
