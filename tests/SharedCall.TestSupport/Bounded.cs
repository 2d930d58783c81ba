using NUnit.Framework;

namespace SharedCall.TestSupport;

/// <summary>Bounded waits, so that a bug fails a test instead of hanging it.</summary>
public static class Bounded
{
    /// <summary>How long a test waits for anything before it fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <see cref="Timeout"/>.</summary>
    /// <param name="condition">What the test waits for; it must stay true once true.</param>
    /// <param name="what">What the condition means, for the failure message ("the leader runs the target").</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(condition, what, Timeout);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeout"/>.</summary>
    /// <param name="condition">What the test waits for; it must stay true once true.</param>
    /// <param name="what">What the condition means, for the failure message.</param>
    /// <param name="timeout">How long to wait, for conditions that hang on a network timeout rather than on our code.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting until " + what);
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Waits until <paramref name="count"/> callers joined an execution in flight; fails after <see cref="Timeout"/>.</summary>
    /// <param name="coalescer">The coalescer whose <see cref="CoalescingStats.Hits"/> are counted.</param>
    /// <param name="count">How many callers must have joined.</param>
    /// <returns>A task that completes when they have.</returns>
    public static Task UntilHitsAsync(Coalescer coalescer, long count) =>
        UntilAsync(() => coalescer.GetStats().Hits >= count, count + " callers joined");

    /// <summary>Runs <paramref name="call"/> on a dedicated thread, for callers that block.</summary>
    /// <typeparam name="T">The type of the call's result.</typeparam>
    /// <param name="call">The call.</param>
    /// <returns>A task that completes like the call.</returns>
    public static Task<T> OnThread<T>(Func<T> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Makes a gate the work waits on, so that a test decides when an execution completes.</summary>
    /// <typeparam name="T">The type of the gate's result.</typeparam>
    /// <returns>A source whose continuations run asynchronously, never inline where the test completes it.</returns>
    public static TaskCompletionSource<T> Gate<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the messages of an exception and of every inner exception, which is where containers put ours.</summary>
    /// <param name="exception">The outer exception.</param>
    /// <returns>The messages, one a line, outermost first.</returns>
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
