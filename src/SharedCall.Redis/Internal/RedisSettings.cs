using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SharedCall.Redis.Internal;

/// <summary>The settings of one Redis level, copied from <see cref="RedisCoalescingOptions"/> and checked.</summary>
internal sealed class RedisSettings
{
    private RedisSettings(RedisCoalescingOptions options)
    {
        KeyPrefix = options.KeyPrefix;
        LeaseTime = options.LeaseTime;
        ResultTtl = options.ResultTtl;
        MaxWait = options.MaxWait;
        MaxPayloadBytes = options.MaxPayloadBytes;
        SerializerOptions = options.SerializerOptions ?? JsonSerializerOptions.Default;
        PollInterval = options.PollInterval;
        BreakDuration = options.BreakDuration;
        Logger = options.Logger ?? NullLogger.Instance;
    }

    public string KeyPrefix { get; }

    public TimeSpan LeaseTime { get; }

    public TimeSpan ResultTtl { get; }

    public TimeSpan MaxWait { get; }

    public int MaxPayloadBytes { get; }

    public JsonSerializerOptions SerializerOptions { get; }

    public TimeSpan PollInterval { get; }

    public TimeSpan BreakDuration { get; }

    public ILogger Logger { get; }

    /// <summary>Gets whether leases are extended and completed by Lua scripts; tests turn it off to check the transactions.</summary>
    public bool UseScripts { get; set; } = true;

    public static RedisSettings From(Action<RedisCoalescingOptions>? configure)
    {
        var options = new RedisCoalescingOptions();
        configure?.Invoke(options);
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Any(char.IsWhiteSpace))
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.KeyPrefix, ErrorMessages.BadKeyPrefix);
        }

        Check(options.LeaseTime >= TimeSpan.FromMilliseconds(100), nameof(options.LeaseTime), options.LeaseTime, "at least 100 milliseconds");
        Check(options.ResultTtl > TimeSpan.Zero, nameof(options.ResultTtl), options.ResultTtl, "positive");
        Check(options.MaxWait == Timeout.InfiniteTimeSpan || options.MaxWait > TimeSpan.Zero, nameof(options.MaxWait), options.MaxWait, "positive or Timeout.InfiniteTimeSpan");
        Check(options.MaxPayloadBytes > 0, nameof(options.MaxPayloadBytes), options.MaxPayloadBytes, "positive");
        Check(options.PollInterval > TimeSpan.Zero, nameof(options.PollInterval), options.PollInterval, "positive");
        Check(options.BreakDuration > TimeSpan.Zero, nameof(options.BreakDuration), options.BreakDuration, "positive");
        return new RedisSettings(options);
    }

    private static void Check(bool valid, string setting, object value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(setting, value, ErrorMessages.BadSetting(setting, expected));
        }
    }
}
