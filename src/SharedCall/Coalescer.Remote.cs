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
        if (!GoesRemote(scope, flight, out var key))
        {
            return work(state, flight.WorkToken);
        }

        var operation = scope.Operation ?? RemoteCoalescing.DefaultOperation;
        if (typeof(T) == typeof(VoidResult))
        {
            return new RemoteCall<bool>(scope, flight, token => Completion(work(state, token), key)).RunAsync(_remote!, Name, operation, key);
        }

        return new RemoteCall<T>(scope, flight, token => (Task<T>)NotNull(work(state, token), key)).RunAsync(_remote!, Name, operation, key);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask<T> StartRemote<TState, T>(OperationScope scope, Flight<T> flight, TState state, Func<TState, CancellationToken, ValueTask<T>> work)
    {
        if (!GoesRemote(scope, flight, out var key))
        {
            return work(state, flight.WorkToken);
        }

        var operation = scope.Operation ?? RemoteCoalescing.DefaultOperation;
        return new ValueTask<T>(new RemoteCall<T>(scope, flight, token => work(state, token).AsTask()).RunAsync(_remote!, Name, operation, key));
    }

    // String keys of operations that allow it go to the remote level; any other execution is counted as kept here.
    private static bool GoesRemote(OperationScope scope, Flight flight, out string key)
    {
        if (flight.KeyValue is not string text)
        {
            scope.KeptLocal(Telemetry.KeyNotString);
            key = string.Empty;
            return false;
        }

        key = text;
        if (scope.Policy is { LocalOnly: true })
        {
            scope.KeptLocal(Telemetry.CrossProcessOff);
            return false;
        }

        return true;
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
