using System.ComponentModel;
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
    /// <see cref="Task{TResult}"/> is made for it (a task allocation and most of a <see cref="ValueTask{TResult}.AsTask"/>).
    /// Not named <c>RunAsync</c> on purpose: an overload of it taking this delegate would make every async lambda
    /// passed to <c>RunAsync</c> ambiguous.
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

    /// <summary>
    /// Runs <paramref name="work"/>, which returns a <see cref="ValueTask{TResult}"/>, as <paramref name="operation"/>
    /// under a key the caller made ready, or joins the execution in flight for it (advanced).
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="operation">The kind of call; must not be null.</param>
    /// <param name="key">The call's key, made by <see cref="FlightKey"/>'s constructor or <see cref="FlightKey.Deferred"/>.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work; must not be null. Its token is cancelled only when every caller has cancelled.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>For a leader whose work completed synchronously, its result; otherwise a task of the outcome.</returns>
    /// <remarks>
    /// A result the work returns synchronously is published as it is, so no <see cref="Task{TResult}"/> is made for it.
    /// Arguments are not checked: this runs on every intercepted call.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public ValueTask<T> RunValueTaskAsync<TState, T>(
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
            return _remote is null ? work(state, flight.WorkToken) : StartRemote(scope, flight, state, work);
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
