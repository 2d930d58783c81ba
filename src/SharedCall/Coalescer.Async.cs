using System.ComponentModel;
using System.Diagnostics;
using SharedCall.Internal;

namespace SharedCall;

public sealed partial class Coalescer
{
    /// <summary>
    /// Runs <paramref name="work"/> for <paramref name="key"/>, or joins the execution already in flight for an equal key.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="work">
    /// The work. Its token is cancelled only when every caller of the execution has cancelled.
    /// A synchronous throw fails the execution like a faulted task.
    /// </param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>The execution's result, or its exception, unwrapped and with its original stack trace.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="key"/> is in flight with another result type, or its work calls again with the same key on its own thread.
    /// </exception>
    public Task<T> RunAsync<T>(object key, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(key, work, static (work, token) => work(token), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> for <paramref name="key"/>, or joins the execution already in flight for an equal key.
    /// </summary>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="work">The work. Its token is cancelled only when every caller of the execution has cancelled.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>A task that completes like the execution: successfully, with its exception, or cancelled.</returns>
    /// <inheritdoc cref="RunAsync{T}(object, Func{CancellationToken, Task{T}}, CancellationToken)" path="/exception"/>
    public Task RunAsync(object key, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(key, work, static (work, token) => work(token), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with <paramref name="state"/> for <paramref name="key"/>, or joins the execution in flight.
    /// Passing state instead of capturing it saves the closure allocation on hot paths.
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work. Its token is cancelled only when every caller of the execution has cancelled.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>The execution's result, or its exception, unwrapped and with its original stack trace.</returns>
    /// <inheritdoc cref="RunAsync{T}(object, Func{CancellationToken, Task{T}}, CancellationToken)" path="/exception"/>
    public Task<T> RunAsync<TState, T>(
        object key,
        TState state,
        Func<TState, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default) =>
        (Task<T>)RunCoreAsync<TState, T>(_defaultScope, key, state, work, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> with <paramref name="state"/> for <paramref name="key"/>, or joins the execution in flight.
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work. Its token is cancelled only when every caller of the execution has cancelled.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>A task that completes like the execution: successfully, with its exception, or cancelled.</returns>
    /// <inheritdoc cref="RunAsync{T}(object, Func{CancellationToken, Task{T}}, CancellationToken)" path="/exception"/>
    public Task RunAsync<TState>(
        object key,
        TState state,
        Func<TState, CancellationToken, Task> work,
        CancellationToken cancellationToken = default) =>
        RunCoreAsync<TState, VoidResult>(_defaultScope, key, state, work, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="operation"/>: like
    /// <see cref="RunAsync{TState, T}(object, TState, Func{TState, CancellationToken, Task{T}}, CancellationToken)"/>,
    /// and the call also counts in the operation's stats and carries its name in metrics and traces.
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="operation">The kind of call, such as <c>IUserRepository.GetUserAsync</c>.</param>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work. Its token is cancelled only when every caller of the execution has cancelled.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>The execution's result, or its exception, unwrapped and with its original stack trace.</returns>
    /// <inheritdoc cref="RunAsync{T}(object, Func{CancellationToken, Task{T}}, CancellationToken)" path="/exception"/>
    public Task<T> RunAsync<TState, T>(
        CoalescingOperation operation,
        object key,
        TState state,
        Func<TState, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return (Task<T>)RunCoreAsync<TState, T>(operation.ScopeFor(this), key, state, work, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> as <paramref name="operation"/>, for work without a result.</summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <param name="operation">The kind of call, such as <c>IUserRepository.SaveAsync</c>.</param>
    /// <param name="key">Identifies the call; callers with equal keys share one execution.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work. Its token is cancelled only when every caller of the execution has cancelled.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>A task that completes like the execution: successfully, with its exception, or cancelled.</returns>
    /// <inheritdoc cref="RunAsync{T}(object, Func{CancellationToken, Task{T}}, CancellationToken)" path="/exception"/>
    public Task RunAsync<TState>(
        CoalescingOperation operation,
        object key,
        TState state,
        Func<TState, CancellationToken, Task> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunCoreAsync<TState, VoidResult>(operation.ScopeFor(this), key, state, work, cancellationToken);
    }

    private Task RunCoreAsync<TState, T>(
        OperationScope scope,
        object key,
        TState state,
        Func<TState, CancellationToken, Task> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        return cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<T>(cancellationToken)
            : JoinOrLead<TState, T>(scope, new FlightKey(key), state, work, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="operation"/> under a key the caller made ready, or joins the
    /// execution in flight for it: the path of integrations that coalesce every call of a method (advanced).
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <typeparam name="T">The type of the result.</typeparam>
    /// <param name="operation">The kind of call, such as <c>IUserRepository.GetAsync</c>; must not be null.</param>
    /// <param name="key">The call's key, made by <see cref="FlightKey"/>'s constructor or <see cref="FlightKey.Deferred"/>.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work; must not be null. Its token is cancelled only when every caller has cancelled.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>A task that completes like the execution: with its result, its exception, or cancelled.</returns>
    /// <remarks>
    /// Behaves like <see cref="RunAsync{TState, T}(CoalescingOperation, object, TState, Func{TState, CancellationToken, Task{T}}, CancellationToken)"/>,
    /// without checking its arguments: it runs on every intercepted call.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public Task<T> RunAsync<TState, T>(
        CoalescingOperation operation,
        FlightKey key,
        TState state,
        Func<TState, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? Task.FromCanceled<T>(cancellationToken)
            : (Task<T>)JoinOrLead<TState, T>(operation.ScopeFor(this), key, state, work, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> as <paramref name="operation"/> under a key the caller made ready, for work without
    /// a result (advanced).
    /// </summary>
    /// <typeparam name="TState">The type of the state handed to <paramref name="work"/>.</typeparam>
    /// <param name="operation">The kind of call; must not be null.</param>
    /// <param name="key">The call's key, made by <see cref="FlightKey"/>'s constructor or <see cref="FlightKey.Deferred"/>.</param>
    /// <param name="state">Handed to <paramref name="work"/> when this caller leads the execution.</param>
    /// <param name="work">The work; must not be null. Its token is cancelled only when every caller has cancelled.</param>
    /// <param name="cancellationToken">Ends this caller's wait only; the other callers keep waiting.</param>
    /// <returns>A task that completes like the execution: successfully, with its exception, or cancelled.</returns>
    /// <remarks>
    /// Behaves like <see cref="RunAsync{TState}(CoalescingOperation, object, TState, Func{TState, CancellationToken, Task}, CancellationToken)"/>,
    /// without checking its arguments: it runs on every intercepted call.
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public Task RunAsync<TState>(
        CoalescingOperation operation,
        FlightKey key,
        TState state,
        Func<TState, CancellationToken, Task> work,
        CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? Task.FromCanceled(cancellationToken)
            : JoinOrLead<TState, VoidResult>(operation.ScopeFor(this), key, state, work, cancellationToken);

    private Task JoinOrLead<TState, T>(
        OperationScope scope,
        FlightKey key,
        TState state,
        Func<TState, CancellationToken, Task> work,
        CancellationToken cancellationToken)
    {
        var flight = JoinOrStart<T>(scope, key, cancellationToken.CanBeCanceled, out var leads);
        return leads ? Lead(scope, flight, state, work, cancellationToken) : Wait(flight, cancellationToken);
    }

    private static Task Wait<T>(Flight<T> flight, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? flight.WaitAsync(cancellationToken) : flight.GetSharedTask();

    private Task Lead<TState, T>(
        OperationScope scope,
        Flight<T> flight,
        TState state,
        Func<TState, CancellationToken, Task> work,
        CancellationToken cancellationToken)
    {
        var source = StartWork(scope, flight, state, work);
        if (source.IsCompleted)
        {
            // Completed synchronously: the work's own task carries the outcome, so the leader needs nothing else.
            flight.Complete(source);
            return source;
        }

        flight.CompleteWhen(source);
        return Wait(flight, cancellationToken);
    }

    private Task StartWork<TState, T>(OperationScope scope, Flight<T> flight, TState state, Func<TState, CancellationToken, Task> work)
    {
        var frame = EnterWork(scope, flight);
        try
        {
            return (_remote is null ? work(state, flight.WorkToken) : StartRemote(scope, flight, state, work))
                ?? Task.FromException<T>(new InvalidOperationException(ErrorMessages.NullTask(flight.Key.Value)));
        }
        catch (OperationCanceledException exception)
        {
            return CanceledBeforeFirstAwait<T>(exception);
        }
#pragma warning disable CA1031 // A throw before the first await belongs to the execution: every caller must see it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Task.FromException<T>(exception);
        }
        finally
        {
            ExitWork(flight, frame);
        }
    }

    // As in an async method: a cancellation thrown before the first await cancels the task.
    private static Task<T> CanceledBeforeFirstAwait<T>(OperationCanceledException exception)
    {
        var canceled = new TaskCompletionSource<T>();
        canceled.SetCanceled(exception.CancellationToken);
        return canceled.Task;
    }

    private WorkFrame EnterWork<T>(OperationScope scope, Flight<T> flight)
    {
        var outerExecution = _detectReentrantAsyncCalls ? ExecutionChain.Enter(flight) : null;

        // The work runs inside the execution's activity, so its own spans (a database query) are children of it.
        Activity? previous = null;
        if (Telemetry.ActivitySource.HasListeners())
        {
            previous = Activity.Current;
            flight.Activity = scope.StartExecution();
        }

        flight.EnterWork();
        return new WorkFrame(outerExecution, previous);
    }

    private void ExitWork<T>(Flight<T> flight, WorkFrame frame)
    {
        flight.ExitWork();
        if (_detectReentrantAsyncCalls)
        {
            ExecutionChain.Exit(frame.OuterExecution);
        }

        if (flight.Activity is not null)
        {
            // RunAsync is not an async method: without this the caller would go on inside the execution's span.
            Activity.Current = frame.PreviousActivity;
        }
    }

    /// <summary>What starting an asynchronous execution's work changed, to be put back when the work returns.</summary>
    private readonly record struct WorkFrame(ExecutionChain? OuterExecution, Activity? PreviousActivity);
}
