namespace SharedCall.Examples.Simulation;

/// <summary>
/// A simulated database, shared-call-py's model exactly: a pool of 10 connections, and a query latency of 50 ms plus
/// 10 ms for every query active when it starts. The active count is raised before the query waits for the pool,
/// so queued queries make every query slower, as an overloaded database does.
/// </summary>
public sealed class SimulatedDatabase(int poolSize = 10, int baseLatencyMs = 50, int perActiveQueryMs = 10) : IDisposable
{
    private readonly SemaphoreSlim _pool = new(poolSize, poolSize);
    private int _active;
    private int _queries;

    /// <summary>Gets how many queries the database received.</summary>
    public int Queries => Volatile.Read(ref _queries);

    public async Task<T> QueryAsync<T>(Func<T> row, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _queries);
        var active = Interlocked.Increment(ref _active);
        try
        {
            var latency = TimeSpan.FromMilliseconds(baseLatencyMs + (perActiveQueryMs * active));
            await _pool.WaitAsync(cancellationToken);
            try
            {
                await Task.Delay(latency, cancellationToken);
                return row();
            }
            finally
            {
                _pool.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    public void Dispose() => _pool.Dispose();
}
