using System.ComponentModel;
using System.Diagnostics;
using SharedCall.Internal;

namespace SharedCall;

public sealed partial class Coalescer
{
    /// <summary>
    /// Runs <paramref name="work"/> for <paramref name="key"/> on the calling thread, or blocks until the execution
    /// already in flight for an equal key completes, and returns its result.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="work">The work.</param>
    /// <returns>The execution's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="key"/> is in flight with another result type, or <paramref name="work"/> calls again with the
    /// same key on its own thread (which would otherwise wait for itself forever).
    /// </exception>
    /// <remarks>The execution's exception is rethrown to every caller as the original object with its stack trace.</remarks>
    public T Run<T>(object key, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Run(key, work, static work => work());
    }

    /// <summary>
    /// Runs <paramref name="work"/> for <paramref name="key"/> on the calling thread, or blocks until the execution
    /// already in flight for an equal key completes.
    /// </summary>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="work">The work.</param>
    /// <inheritdoc cref="Run{T}(object, Func{T})" path="/exception"/>
    /// <inheritdoc cref="Run{T}(object, Func{T})" path="/remarks"/>
    public void Run(object key, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        RunCore<Action, VoidResult>(_defaultScope, key, work, static work =>
        {
            work();
            return default;
        });
    }

    /// <summary>
    /// Runs <paramref name="work"/> with <paramref name="state"/> for <paramref name="key"/> on the calling thread,
    /// or blocks until the execution in flight for an equal key completes. Passing state saves a closure allocation.
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work.</param>
    /// <returns>The execution's result.</returns>
    /// <inheritdoc cref="Run{T}(object, Func{T})" path="/exception"/>
    public T Run<TState, T>(object key, TState state, Func<TState, T> work) => RunCore(_defaultScope, key, state, work);

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="operation"/>: like <see cref="Run{TState, T}(object, TState, Func{TState, T})"/>,
    /// and the call also counts in the operation's stats and carries its name in metrics and traces.
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The kind of call, such as <c>IUserRepository.GetUser</c>.</param>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work.</param>
    /// <returns>The execution's result.</returns>
    /// <inheritdoc cref="Run{T}(object, Func{T})" path="/exception"/>
    public T Run<TState, T>(CoalescingOperation operation, object key, TState state, Func<TState, T> work)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunCore(operation.ScopeFor(this), key, state, work);
    }

    /// <summary>Runs <paramref name="work"/> as <paramref name="operation"/>, for work without a result.</summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <param name="operation">The kind of call, such as <c>ICache.Refresh</c>.</param>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work.</param>
    /// <inheritdoc cref="Run{T}(object, Func{T})" path="/exception"/>
    public void Run<TState>(CoalescingOperation operation, object key, TState state, Action<TState> work)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(work);
        RunCore<(TState State, Action<TState> Work), VoidResult>(operation.ScopeFor(this), key, (state, work), static call =>
        {
            call.Work(call.State);
            return default;
        });
    }

    private T RunCore<TState, T>(OperationScope scope, object key, TState state, Func<TState, T> work)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        return JoinOrLead(scope, new FlightKey(key), state, work);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="operation"/> under a key the caller made ready, or waits for the
    /// execution in flight for it: the path of integrations that coalesce every call of a method (advanced).
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="operation">The kind of call; must not be null.</param>
    /// <param name="key">The call's key, made by <see cref="FlightKey"/>'s constructor or <see cref="FlightKey.Deferred"/>.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work; must not be null.</param>
    /// <returns>The execution's result.</returns>
    /// <remarks>
    /// Behaves like <see cref="Run{TState, T}(CoalescingOperation, object, TState, Func{TState, T})"/>, without checking
    /// its arguments: it runs on every intercepted call.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public T Run<TState, T>(CoalescingOperation operation, FlightKey key, TState state, Func<TState, T> work) =>
        JoinOrLead(operation.ScopeFor(this), key, state, work);

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="operation"/> under a key the caller made ready, or waits for the
    /// execution in flight for it, for work without a result (advanced).
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <param name="operation">The kind of call; must not be null.</param>
    /// <param name="key">The call's key, made by <see cref="FlightKey"/>'s constructor or <see cref="FlightKey.Deferred"/>.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work; must not be null.</param>
    /// <remarks>
    /// Behaves like <see cref="Run{TState}(CoalescingOperation, object, TState, Action{TState})"/>, without checking
    /// its arguments: it runs on every intercepted call.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public void Run<TState>(CoalescingOperation operation, FlightKey key, TState state, Action<TState> work) =>
        JoinOrLead<(TState State, Action<TState> Work), VoidResult>(operation.ScopeFor(this), key, (state, work), static call =>
        {
            call.Work(call.State);
            return default;
        });

    private T JoinOrLead<TState, T>(OperationScope scope, FlightKey key, TState state, Func<TState, T> work)
    {
        var flight = JoinOrStart<T>(scope, key, cancellable: false, out var leads);
        return leads ? Lead(scope, flight, state, work) : flight.Wait();
    }

    private static T Lead<TState, T>(OperationScope scope, Flight<T> flight, TState state, Func<TState, T> work)
    {
        Activity? previous = null;
        if (Telemetry.ActivitySource.HasListeners())
        {
            previous = Activity.Current;
            flight.Activity = scope.StartExecution();
        }

        T result;
        flight.EnterWork();
        try
        {
            result = work(state);
        }
        catch (Exception exception)
        {
            EndWork(flight, previous);
            flight.Fail(exception);
            throw;
        }

        EndWork(flight, previous);
        flight.Complete(result);
        return result;
    }

    private static void EndWork<T>(Flight<T> flight, Activity? previous)
    {
        flight.ExitWork();
        if (flight.Activity is not null)
        {
            Activity.Current = previous;
        }
    }
}
