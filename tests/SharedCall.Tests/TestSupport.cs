namespace SharedCall.Tests;

/// <summary>Bounded waits, so that a bug fails a test instead of hanging it.</summary>
internal static class TestSupport
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task Bounded(this Task task) => task.WaitAsync(Timeout);

    /// <summary>A gate the work waits on, so that a test decides when an execution completes.</summary>
    public static TaskCompletionSource<T> Gate<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits, with a deadline, until <paramref name="condition"/> holds.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Yield();
        }
    }
}
