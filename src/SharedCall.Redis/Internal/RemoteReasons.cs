namespace SharedCall.Redis.Internal;

/// <summary>
/// The fixed words this package reports to the core's telemetry (<c>sharedcall.remote.reason</c> and activity event
/// names): never a key, an argument value or a message that could hold one. docs/observability.md lists them.
/// </summary>
internal static class RemoteReasons
{
    /// <summary>Redis failed recently: calls skip it until the circuit breaker's time is up.</summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>The first connection of <c>UseRedis(string)</c> is still being made.</summary>
    public const string Connecting = "connecting";

    /// <summary>A command failed or timed out during this call, or the connection dropped while it waited.</summary>
    public const string RedisError = "redis_error";

    public const string PayloadTooLarge = "payload_too_large";

    public const string NotSerializable = "not_serializable";

    public const string MaxWait = "max_wait";

    public const string LeaseAcquired = "sharedcall.remote.lease_acquired";
    public const string Waiting = "sharedcall.remote.waiting";
    public const string ResultReceived = "sharedcall.remote.result_received";
    public const string ResultPublished = "sharedcall.remote.result_published";
    public const string ResultNotShared = "sharedcall.remote.result_not_shared";
    public const string LeaseReleased = "sharedcall.remote.lease_released";
    public const string LeaseLost = "sharedcall.remote.lease_lost";
}
