namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>The cleanup checks: a benchmark that did the wrong amount of work must fail loudly, not win.</summary>
public static class Check
{
    public static void Equal(long expected, long actual, string what)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"{what}: expected {expected}, got {actual}.");
        }
    }

    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }

    /// <summary>Checks every caller's task of a fan-out succeeded with <paramref name="expected"/>.</summary>
    public static void AllResults(Task[] tasks, int count, int expected)
    {
        for (var i = 0; i < count; i++)
        {
            if (((Task<int>)tasks[i]).Result != expected)
            {
                throw new InvalidOperationException($"Caller {i} got a wrong result.");
            }
        }
    }
}
