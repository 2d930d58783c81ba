using System.Runtime.CompilerServices;
using SharedCall.Internal;

namespace SharedCall;

public sealed partial class Coalescer
{
    private readonly RemoteCoalescing? _remote;

    /// <summary>Gets the cross-process level this coalescer's leaders go through, or null (see <see cref="CoalescerOptions.RemoteCoalescing"/>).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Advanced)]
    public RemoteCoalescing? RemoteCoalescing => _remote;

    // Out of line: only coalescers with a remote level come here, so a plain leader's path stays as it was.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Task StartRemote<TState, T>(OperationScope scope, Flight<T> flight, TState state, Func<TState, CancellationToken, Task> work)
    {
        if (flight.Key.Value is not string key || scope.Policy is { LocalOnly: true })
        {
            return work(state, flight.WorkToken);
        }

        var operation = scope.Operation ?? RemoteCoalescing.DefaultOperation;
        if (typeof(T) == typeof(VoidResult))
        {
            return _remote!.RunAsync(Name, operation, key, token => Completion(work(state, token), key), flight.WorkToken);
        }

        return _remote!.RunAsync(Name, operation, key, token => (Task<T>)NotNull(work(state, token), key), flight.WorkToken);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<T> StartRemote<TState, T>(OperationScope scope, Flight<T> flight, TState state, Func<TState, CancellationToken, ValueTask<T>> work)
    {
        if (flight.Key.Value is not string key || scope.Policy is { LocalOnly: true })
        {
            return work(state, flight.WorkToken);
        }

        var operation = scope.Operation ?? RemoteCoalescing.DefaultOperation;
        return new ValueTask<T>(_remote!.RunAsync(Name, operation, key, token => work(state, token).AsTask(), flight.WorkToken));
    }

    private static Task NotNull(Task? task, string key) =>
        task ?? Task.FromException(new InvalidOperationException(ErrorMessages.NullTask(key)));

    // Work without a result crosses processes as work whose result is true: its completion.
    private static async Task<bool> Completion(Task? task, string key)
    {
        await NotNull(task, key).ConfigureAwait(false);
        return true;
    }
}
