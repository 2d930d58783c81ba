using System.Collections.Concurrent;

namespace SharedCall.TestSupport;

/// <summary>
/// A synchronization context with one thread, like a UI thread or classic ASP.NET: everything posted to it runs on
/// that thread, in order, so blocking the thread blocks every continuation that wants to come back to it.
/// </summary>
public sealed class SingleThreadSynchronizationContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Thread _thread;

    /// <summary>Initializes a new context and starts its thread.</summary>
    public SingleThreadSynchronizationContext()
    {
        _thread = new Thread(Pump) { IsBackground = true, Name = "single-thread context" };
        _thread.Start();
    }

    /// <summary>Gets the managed id of the context's thread.</summary>
    public int ThreadId => _thread.ManagedThreadId;

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    /// <inheritdoc/>
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Nothing in these tests sends synchronously.");

    /// <summary>Runs <paramref name="work"/> on the context's thread, with the context current.</summary>
    /// <typeparam name="T">The type of the work's result.</typeparam>
    /// <param name="work">The work.</param>
    /// <returns>A task that completes like the work, on a thread-pool thread.</returns>
    public Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(
            async _ =>
            {
                try
                {
                    result.SetResult(await work());
                }
                catch (Exception exception)
                {
                    result.SetException(exception);
                }
            },
            null);
        return result.Task;
    }

    /// <summary>Stops the context's thread once everything posted has run.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        _queue.Dispose();
    }

    private void Pump()
    {
        SetSynchronizationContext(this);
        foreach (var (callback, state) in _queue.GetConsumingEnumerable())
        {
            callback(state);
        }
    }
}
