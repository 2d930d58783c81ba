using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace SharedCall.Redis;

/// <summary>Settings of the Redis level of a coalescer (<see cref="RedisCoalescingExtensions.UseRedis(CoalescerOptions, string, Action{RedisCoalescingOptions}?)"/>).</summary>
/// <remarks>
/// The values are copied when <c>UseRedis</c> runs, so later changes to an instance do not affect a coalescer.
/// See docs/distributed.md for the protocol these settings tune.
/// </remarks>
public sealed class RedisCoalescingOptions
{
    /// <summary>Gets or sets the first part of every Redis key and channel this level uses.</summary>
    /// <value>
    /// The default value is <c>"sharedcall"</c>. Keys are <c>prefix:coalescer:operation:{SHA-256 of the key}</c>, braces included (a Redis Cluster hash tag)
    /// (the coalescer's <see cref="CoalescerOptions.Name"/> is part of every key), so coalescers with different prefixes
    /// or names never share an execution. It must not be empty or contain white space.
    /// </value>
    public string KeyPrefix { get; set; } = "sharedcall";

    /// <summary>Gets or sets how long a leader's lease on a key lasts; it is extended every third of it while the work runs.</summary>
    /// <value>
    /// The default value is 30 seconds. A leader that dies holds the key until its lease expires; then a waiting
    /// process takes over. It must be at least 100 milliseconds.
    /// </value>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a finished execution's result (or failure) stays readable for the processes that waited for it.</summary>
    /// <value>The default value is 5 seconds. A process that arrives after the execution completed never reads it: it starts a new execution. It must be positive.</value>
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long a process waits for another process's execution before it runs the work itself.</summary>
    /// <value>The default value is <see cref="Timeout.InfiniteTimeSpan"/>: it waits while the other process holds its lease.</value>
    public TimeSpan MaxWait { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Gets or sets the largest serialized result written to Redis.</summary>
    /// <value>
    /// The default value is 1 MiB. A larger result reaches the leader's own callers; waiting processes run the work
    /// themselves. It must be positive.
    /// </value>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the System.Text.Json options results are written and read with.</summary>
    /// <value>The default value is null: <see cref="JsonSerializerOptions.Default"/>. Results are written as their declared type.</value>
    /// <remarks>
    /// A proxy of a <c>[Coalesced]</c> method checks, when it is made, that its result type can be read back with these
    /// options (converters count), and fails naming the fix when it cannot. The options are locked then, as the first
    /// serialization would lock them.
    /// </remarks>
    public JsonSerializerOptions? SerializerOptions { get; set; }

    /// <summary>Gets or sets how often a waiting process checks the key when no completion message arrives (with jitter of ±50%).</summary>
    /// <value>The default value is 250 milliseconds. It must be positive. A lost message costs at most one interval.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets how long calls skip Redis (coalescing in this process only) after Redis failed or was unreachable.</summary>
    /// <value>The default value is 5 seconds. It must be positive. While it lasts no call waits for Redis.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the logger that reports Redis becoming unreachable (once per outage) and reachable again.</summary>
    /// <value>The default value is null: nothing is logged. Messages never carry keys or argument values.</value>
    public ILogger? Logger { get; set; }
}
