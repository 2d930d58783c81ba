namespace SharedCall.TestSupport;

/// <summary>Awaits a task for at most <see cref="Bounded.Timeout"/>, so that a hang fails the test with a <see cref="TimeoutException"/>.</summary>
public static class BoundedTaskExtensions
{
    /// <summary>Gets a task that completes like <paramref name="task"/>, or fails after <see cref="Bounded.Timeout"/>.</summary>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="task">The task.</param>
    /// <returns>The bounded task.</returns>
    public static Task<T> Bounded<T>(this Task<T> task) => task.WaitAsync(TestSupport.Bounded.Timeout);

    /// <summary>Gets a task that completes like <paramref name="task"/>, or fails after <see cref="Bounded.Timeout"/>.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The bounded task.</returns>
    public static Task Bounded(this Task task) => task.WaitAsync(TestSupport.Bounded.Timeout);
}
