using System.Collections.Concurrent;

namespace SharedCall.Testing;

/// <summary>
/// Shared by the test projects that link this file. A synchronization context with one thread, like a UI thread or classic ASP.NET: everything posted to it runs on
/// that thread, in order, so blocking the thread blocks every continuation that wants to come back to it.
/// </summary>
internal sealed class SingleThreadSynchronizationContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];
    private readonly Thread _thread;

    public SingleThreadSynchronizationContext()
    {
        _thread = new Thread(Pump) { IsBackground = true, Name = "single-thread context" };
        _thread.Start();
    }

    public int ThreadId => _thread.ManagedThreadId;

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Nothing in these tests sends synchronously.");

    /// <summary>Runs <paramref name="work"/> on the context's thread, with the context current.</summary>
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
