namespace SharedCall.Interception.Tests;

/// <summary>Bounded waits, so a bug fails a test instead of hanging it.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <see cref="Timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + what);
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Waits until <paramref name="count"/> callers joined the execution in flight.</summary>
    public static Task UntilHitsAsync(Coalescer coalescer, long count) =>
        UntilAsync(() => coalescer.GetStats().Hits >= count, count + " callers joined");

    /// <summary>Runs <paramref name="call"/> on a dedicated thread, for callers that block.</summary>
    public static Task<T> OnThread<T>(Func<T> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
