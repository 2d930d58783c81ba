using System.Globalization;

namespace SharedCall.Redis.Internal;

/// <summary>Every message of the package, each naming the fix. None carries a key or an argument value.</summary>
internal static class ErrorMessages
{
    public const string BadKeyPrefix =
        "RedisCoalescingOptions.KeyPrefix must not be empty or contain white space: set a short name such as \"shop\".";

    public static string BadSetting(string setting, string expected) =>
        string.Format(CultureInfo.InvariantCulture, "RedisCoalescingOptions.{0} must be {1}.", setting, expected);
}
