namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>
/// The work of the single-threaded core scenarios: it counts its runs, which the cleanup checks compare with the calls
/// made, and returns a completed task (<see cref="Done"/>) or a gate's task (<see cref="OnGate"/>, <see cref="Gated"/>).
/// </summary>
public sealed class CountingWork
{
    private static readonly Task<int> s_done = Task.FromResult(42);

    public CountingWork()
    {
        Done = _ => Count(s_done);
        OnGate = _ => Count(Gate.Task);
        Gated = (gate, _) => Count(gate.Task);
    }

    public long Runs { get; private set; }
    public TaskCompletionSource<int> Gate { get; set; } = new();
    public Func<CancellationToken, Task<int>> Done { get; }
    public Func<CancellationToken, Task<int>> OnGate { get; }
    public Func<TaskCompletionSource<int>, CancellationToken, Task<int>> Gated { get; }

    private Task<int> Count(Task<int> task)
    {
        Runs++;
        return task;
    }
}
