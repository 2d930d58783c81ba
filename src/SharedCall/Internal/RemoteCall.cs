namespace SharedCall.Internal;

/// <summary>
/// One execution handed to the coalescer's cross-process level: its work is <see cref="Work"/>, so the level finds
/// this object with <see cref="RemoteExecution.Of"/>, and the core learns whether the work ran here.
/// </summary>
internal sealed class RemoteCall<T>(OperationScope scope, Flight flight, Func<CancellationToken, Task<T>> work) : RemoteExecution
{
    private volatile bool _ran;

    /// <summary>Runs the execution through <paramref name="remote"/>; an outcome it returns without running the work came from another process.</summary>
    public async Task<T> RunAsync(RemoteCoalescing remote, string coalescer, string operation, string key)
    {
        try
        {
            return await remote.RunAsync(coalescer, operation, key, Work, flight.WorkToken).ConfigureAwait(false);
        }
        finally
        {
            if (!_ran)
            {
                scope.ServedRemotely(flight);
            }
        }
    }

    public override void RecordStep(string name, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        OperationScope.AddEvent(flight, name, reason);
    }

    public override void RecordFallback(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        scope.RemoteFallback(flight, reason);
    }

    public override void RecordTakeover() => scope.RemoteTakeover(flight);

    private Task<T> Work(CancellationToken cancellationToken)
    {
        _ran = true;
        return work(cancellationToken);
    }
}
