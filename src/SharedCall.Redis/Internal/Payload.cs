using System.Text;
using System.Text.Json;

namespace SharedCall.Redis.Internal;

/// <summary>
/// The value of a result key: a kind byte (<c>S</c> result, <c>E</c> failure, <c>U</c> unavailable), the owner token of
/// the lease it completed (32 characters), then the JSON of the result, or the failure's type name, a line feed and
/// its message. A waiter takes a value only with the token of the lease it waited for.
/// </summary>
internal static class Payload
{
    public const int TokenLength = 32;
    private const byte Success = (byte)'S';
    private const byte Failure = (byte)'E';
    private const byte Unavailable = (byte)'U';

    public static string NewToken() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Writes <paramref name="value"/> as its declared type, or "unavailable" with the reason (<see cref="RemoteReasons"/>)
    /// when it cannot be written or is too large; <paramref name="unshared"/> is that reason, or null.
    /// </summary>
    public static byte[] ForResult<T>(T value, string token, RedisSettings settings, out string? unshared)
    {
        // Declared as object, a result would be written as its runtime type and read back as a JsonElement: never share it.
        unshared = RemoteReasons.NotSerializable;
        if (typeof(T) == typeof(object))
        {
            return Build(Unavailable, token, Encoding.ASCII.GetBytes(unshared));
        }

        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(value, settings.SerializerOptions);
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return Build(Unavailable, token, Encoding.ASCII.GetBytes(unshared));
        }

        if (json.Length > settings.MaxPayloadBytes)
        {
            unshared = RemoteReasons.PayloadTooLarge;
            return Build(Unavailable, token, Encoding.ASCII.GetBytes(unshared));
        }

        unshared = null;
        return Build(Success, token, json);
    }

    public static byte[] ForFailure(Exception exception, string token) =>
        Build(Failure, token, Encoding.UTF8.GetBytes((exception.GetType().FullName ?? exception.GetType().Name) + "\n" + exception.Message));

    /// <summary>Reads a result key's value for a waiter of the lease <paramref name="owner"/>.</summary>
    public static RemoteOutcome<T> Read<T>(byte[]? payload, string owner, RedisSettings settings)
    {
        if (payload is null || payload.Length < 1 + TokenLength || !IsOwnedBy(payload, owner))
        {
            return default;
        }

        var body = payload.AsSpan(1 + TokenLength);
        switch (payload[0])
        {
            case Success:
                try
                {
                    return RemoteOutcome<T>.FromResult(JsonSerializer.Deserialize<T>(body, settings.SerializerOptions)!);
                }
                catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
                {
                    return RemoteOutcome<T>.RunLocally(RemoteReasons.NotSerializable);
                }

            case Failure:
                var text = Encoding.UTF8.GetString(body);
                var split = text.IndexOf('\n', StringComparison.Ordinal);
                return RemoteOutcome<T>.FromFailure(new RemoteExecutionException(text[..Math.Max(split, 0)], text[(split + 1)..]));
            default:
                return RemoteOutcome<T>.RunLocally(UnsharedReason(body));
        }
    }

    /// <summary>Gets the owner token of the lease whose execution wrote <paramref name="payload"/>; null for none.</summary>
    public static string? WriterOf(byte[]? payload) =>
        payload is { Length: >= 1 + TokenLength } ? Encoding.ASCII.GetString(payload, 1, TokenLength) : null;

    // The reason an "unavailable" value carries; values written without one were not serializable.
    private static string UnsharedReason(ReadOnlySpan<byte> body) =>
        body.SequenceEqual("payload_too_large"u8) ? RemoteReasons.PayloadTooLarge : RemoteReasons.NotSerializable;

    private static bool IsOwnedBy(byte[] payload, string owner)
    {
        for (var i = 0; i < TokenLength; i++)
        {
            if (payload[1 + i] != owner[i])
            {
                return false;
            }
        }

        return owner.Length == TokenLength;
    }

    private static byte[] Build(byte kind, string token, byte[] body)
    {
        var payload = new byte[1 + TokenLength + body.Length];
        payload[0] = kind;
        Encoding.ASCII.GetBytes(token, payload.AsSpan(1));
        body.CopyTo(payload.AsSpan(1 + TokenLength));
        return payload;
    }
}

/// <summary>What a waiter read: nothing for it yet, a result, a failure, or "run the work here".</summary>
internal readonly struct RemoteOutcome<T>
{
    private RemoteOutcome(RemoteOutcomeKind kind, T value, RemoteExecutionException? failure, string? reason = null)
    {
        Kind = kind;
        Value = value;
        Failure = failure;
        Reason = reason;
    }

    public RemoteOutcomeKind Kind { get; }

    public T Value { get; }

    public RemoteExecutionException? Failure { get; }

    /// <summary>Gets why the waiter runs the work itself (<see cref="RemoteReasons"/>), for <see cref="RemoteOutcomeKind.RunLocally"/>.</summary>
    public string? Reason { get; }

    public static RemoteOutcome<T> RunLocally(string reason) => new(RemoteOutcomeKind.RunLocally, default!, null, reason);

    public static RemoteOutcome<T> FromResult(T value) => new(RemoteOutcomeKind.Result, value, null);

    public static RemoteOutcome<T> FromFailure(RemoteExecutionException failure) => new(RemoteOutcomeKind.Failure, default!, failure);
}

internal enum RemoteOutcomeKind
{
    /// <summary>No outcome of the lease waited for.</summary>
    None,
    Result,
    Failure,

    /// <summary>The outcome exists but cannot cross processes (too large, not serializable): the waiter runs the work.</summary>
    RunLocally,
}
