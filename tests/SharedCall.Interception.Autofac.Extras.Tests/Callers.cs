namespace SharedCall.Tests.AutofacExtras;

/// <summary>Runs 100 concurrent callers against a gated target and releases it once every caller has joined.</summary>
internal static class Callers
{
    public const int Count = 100;

    public static Task<T[]> RunAsync<T>(Coalescer coalescer, Gate gate, Func<Task<T>> call) =>
        RunAsync(coalescer, gate, Enumerable.Range(0, Count).Select(_ => Task.Run(call)).ToArray());

    public static Task<object?[]> RunAsync(Coalescer coalescer, Gate gate, Func<Task> call) =>
        RunAsync(coalescer, gate, Enumerable.Range(0, Count).Select(_ => Task.Run(async () => { await call(); return (object?)null; })).ToArray());

    /// <summary>Synchronous callers block a thread each while they wait, so each gets a thread of its own.</summary>
    public static Task<T[]> RunBlockingAsync<T>(Coalescer coalescer, Gate gate, Func<T> call) =>
        RunAsync(coalescer, gate, Enumerable.Range(0, Count)
            .Select(_ => Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray());

    private static async Task<T[]> RunAsync<T>(Coalescer coalescer, Gate gate, Task<T>[] calls)
    {
        try
        {
            await Bounded.UntilHitsAsync(coalescer, Count - 1);
        }
        finally
        {
            gate.Release();
        }

        return await Task.WhenAll(calls).WaitAsync(Bounded.Timeout);
    }
}
