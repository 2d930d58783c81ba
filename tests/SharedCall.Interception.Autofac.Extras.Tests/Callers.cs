using Autofac;

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

    /// <summary>Builds the container, makes 100 concurrent calls through its <see cref="IShapes"/> and says what each party saw.</summary>
    public static async Task<Outcome<T>> ThroughContainerAsync<T>(ContainerBuilder builder, Gate gate, Func<IShapes, Task<T>> call)
    {
        await using var container = builder.Build();
        var proxy = container.Resolve<IShapes>();
        var results = await RunAsync(container.Resolve<Coalescer>(), gate, () => call(proxy));
        return new Outcome<T>(
            [.. results.Distinct()],
            container.Resolve<CountingInterceptor>().Calls,
            container.Resolve<AuthorizingInterceptor>().Calls,
            gate.Executions);
    }

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

/// <summary>The distinct results of the callers, the calls each user interceptor saw, and the target's executions.</summary>
internal sealed record Outcome<T>(T[] Results, int Logged, int Authorized, int Executions);
