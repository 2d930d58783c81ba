namespace SharedCall.Examples.Simulation;

/// <summary>A simulated expensive recompute (an aggregate query, a report): 2 s each time, no pool limit.</summary>
public sealed class SlowComputation(TimeSpan duration)
{
    private int _runs;

    /// <summary>Gets how many times the computation ran: the database hits of the stampede.</summary>
    public int Runs => Volatile.Read(ref _runs);

    public async Task<T> RunAsync<T>(Func<T> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        await Task.Delay(duration, cancellationToken);
        return result();
    }
}
