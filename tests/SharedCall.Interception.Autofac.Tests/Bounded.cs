namespace SharedCall.Interception.Autofac.Tests;

/// <summary>Bounded waits, so a bug fails a test instead of hanging it.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Waits until <paramref name="count"/> callers joined an execution in flight; fails after <see cref="Timeout"/>.</summary>
    public static async Task UntilHitsAsync(Coalescer coalescer, long count)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (coalescer.GetStats().Hits < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out: {coalescer.GetStats().Hits} of {count} callers joined.");
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Gets the messages of an exception and of every inner exception, which is where Autofac puts ours.</summary>
    public static string AllMessages(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(Environment.NewLine, messages);
    }
}
