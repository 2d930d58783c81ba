using SharedCall.Internal;

namespace SharedCall;

public sealed partial class Coalescer
{
    /// <summary>
    /// Runs <paramref name="work"/>, which returns a <see cref="ValueTask{TResult}"/>, as <paramref name="operation"/>,
    /// or joins the execution in flight: the path of the interception package's <c>ValueTask&lt;T&gt;</c> methods.
    /// </summary>
    /// <remarks>
    /// A result the work returns synchronously is published as it is, like a synchronous leader's, so no
    /// <see cref="Task{TResult}"/> is made for it (72 B and most of a <see cref="ValueTask{TResult}.AsTask"/>, B9).
    /// Internal on purpose: a public overload taking this delegate would make every async lambda passed to
    /// <c>RunAsync</c> ambiguous.
    /// </remarks>
    /// <returns>For a leader whose work completed synchronously, its result; otherwise a task of the outcome.</returns>
    internal ValueTask<T> RunValueTaskAsync<TState, T>(
        CoalescingOperation operation,
        object key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        return cancellationToken.IsCancellationRequested
            ? ValueTask.FromCanceled<T>(cancellationToken)
            : RunValueTaskAsync(operation, new FlightKey(key), state, work, cancellationToken);
    }

    /// <inheritdoc cref="RunValueTaskAsync{TState, T}(CoalescingOperation, object, TState, Func{TState, CancellationToken, ValueTask{T}}, CancellationToken)"/>
    internal ValueTask<T> RunValueTaskAsync<TState, T>(
        CoalescingOperation operation,
        FlightKey key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> work,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        var scope = operation.ScopeFor(this);
        var flight = JoinOrStart<T>(scope, key, cancellationToken.CanBeCanceled, out var leads);
        if (!leads)
        {
            return new ValueTask<T>((Task<T>)Wait(flight, cancellationToken));
        }

        var started = StartWork(scope, flight, state, work);
        if (started.IsCompletedSuccessfully)
        {
            var result = started.Result;
            flight.Complete(result);
            return new ValueTask<T>(result);
        }

        var source = started.AsTask();
        if (source.IsCompleted)
        {
            flight.Complete(source);
            return new ValueTask<T>(source);
        }

        flight.CompleteWhen(source);
        return new ValueTask<T>((Task<T>)Wait(flight, cancellationToken));
    }

    private ValueTask<T> StartWork<TState, T>(OperationScope scope, Flight<T> flight, TState state, Func<TState, CancellationToken, ValueTask<T>> work)
    {
        var frame = EnterWork(scope, flight);
        try
        {
            return work(state, flight.WorkToken);
        }
        catch (OperationCanceledException exception)
        {
            return new ValueTask<T>(CanceledBeforeFirstAwait<T>(exception));
        }
#pragma warning disable CA1031 // A throw before the first await belongs to the execution: every caller must see it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<T>(exception);
        }
        finally
        {
            ExitWork(flight, frame);
        }
    }
}
