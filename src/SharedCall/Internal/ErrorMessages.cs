using System.Globalization;

namespace SharedCall.Internal;

/// <summary>Every message the core throws with, in one place.</summary>
internal static class ErrorMessages
{
    public static string NullTask(object key) => string.Format(
        CultureInfo.InvariantCulture,
        "The work for key '{0}' returned a null Task. Return a Task (for example Task.CompletedTask or Task.FromResult(value)), never null.",
        Describe(key));

    public static string ResultTypeMismatch(object key, Type inFlight, Type requested) => string.Format(
        CultureInfo.InvariantCulture,
        "The key '{0}' is in flight with result type '{1}', but this call expects '{2}'. Calls that share a key must share a result type: use distinct keys for different kinds of call.",
        Describe(key),
        inFlight,
        requested);

    public static string Reentrant(object key) => string.Format(
        CultureInfo.InvariantCulture,
        "The key '{0}' is already being executed on this thread: the work for a key called the coalescer again with the same key. Waiting for itself would deadlock; use a different key for the inner call, or call the inner work directly.",
        Describe(key));

    // A key is user data: its text may be huge or its ToString may throw, and neither may replace the message.
    private static string Describe(object key)
    {
        const int MaxLength = 200;
        string? text;
        try
        {
            text = key.ToString();
        }
#pragma warning disable CA1031 // Any failure of a user's ToString is replaced by the key's type name.
        catch (Exception)
#pragma warning restore CA1031
        {
            return $"(a {key.GetType()} whose ToString threw)";
        }

        return text is { Length: > MaxLength } ? string.Concat(text.AsSpan(0, MaxLength), "…") : text ?? string.Empty;
    }

    public const string TableReentered =
        "A key's Equals called the coalescer that was comparing it. Equals and GetHashCode of a key must not call a coalescer.";

    public static string TimedOut(string operation, TimeSpan timeout) => string.Format(
        CultureInfo.InvariantCulture,
        "The execution of '{0}' did not complete within its timeout of {1} ms. Every caller still waiting gets this exception, the next call starts a new execution, and the work's token is cancelled. If the work can legitimately take longer, raise the timeout (CoalescingOperation.Timeout, or [Coalesced(TimeoutMilliseconds = ...)]).",
        operation,
        timeout.TotalMilliseconds);

    public static string BadTimeout(string operation) => string.Format(
        CultureInfo.InvariantCulture,
        "The timeout of operation '{0}' must be positive and at most 49 days, or Timeout.InfiniteTimeSpan for none.",
        operation);

    public static string BadReuseFor(string operation) => string.Format(
        CultureInfo.InvariantCulture,
        "The reuse window of operation '{0}' must be TimeSpan.Zero (none), positive and at most 49 days, or Timeout.InfiniteTimeSpan (until forgotten).",
        operation);

    public const string NullTimeProvider = "CoalescerOptions.TimeProvider must not be null: leave it as TimeProvider.System, or set a FakeTimeProvider in tests.";

    public const string EmptyName = "CoalescerOptions.Name must not be null, empty or white space.";
}
