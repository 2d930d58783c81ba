using System.ComponentModel;

namespace SharedCall.Advanced;

/// <summary>
/// One execution a cross-process level handles (advanced): what a <see cref="RemoteCoalescing"/> reports about it
/// goes into the coalescer's stats, its metrics and the execution's <c>sharedcall.execute</c> activity.
/// </summary>
/// <remarks>
/// <para>
/// Get it with <see cref="Of"/> from the work the core hands to <see cref="RemoteCoalescing.RunAsync{T}"/>. Whether the
/// execution was served by another process is not reported: the core knows it, since only its own work runs here.
/// </para>
/// <para>
/// Names and reasons are fixed words chosen by the implementation, such as <c>"redis_error"</c>: never put a key, an
/// argument value or a message that may hold one in them.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public abstract class RemoteExecution
{
    private protected RemoteExecution()
    {
    }

    /// <summary>Gets the execution whose work <paramref name="work"/> is, or an execution that records nothing for any other delegate.</summary>
    /// <param name="work">The work handed to <see cref="RemoteCoalescing.RunAsync{T}"/>.</param>
    /// <returns>The execution; never null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="work"/> is null.</exception>
    public static RemoteExecution Of(Delegate work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work.Target as RemoteExecution ?? Unobserved.Instance;
    }

    /// <summary>Adds an event to the execution's activity, such as <c>"sharedcall.remote.lease_acquired"</c>.</summary>
    /// <param name="name">The event's name: a fixed word.</param>
    /// <param name="reason">A fixed word the event carries as <c>sharedcall.remote.reason</c>, or null.</param>
    public abstract void RecordStep(string name, string? reason = null);

    /// <summary>
    /// Counts that the cross-process level could not serve the execution and runs its work in this process:
    /// <c>sharedcall.remote.fallbacks</c>, <see cref="CoalescingStats.RemoteFallbacks"/> and an activity event.
    /// </summary>
    /// <param name="reason">Why, as a fixed word such as <c>"circuit_open"</c>.</param>
    public abstract void RecordFallback(string reason);

    /// <summary>
    /// Counts that this process took the execution over after another process's execution ended without an outcome:
    /// <c>sharedcall.remote.takeovers</c>, <see cref="CoalescingStats.RemoteTakeovers"/> and an activity event.
    /// </summary>
    public abstract void RecordTakeover();

    private sealed class Unobserved : RemoteExecution
    {
        public static readonly Unobserved Instance = new();

        public override void RecordStep(string name, string? reason = null)
        {
        }

        public override void RecordFallback(string reason)
        {
        }

        public override void RecordTakeover()
        {
        }
    }
}
