namespace SharedCall.Internal;

/// <summary>The wait of one caller whose token can be cancelled: it ends with the execution or with the caller's cancellation.</summary>
/// <remarks>
/// Allocated only for callers with a cancellable token; callers that cannot cancel share one task per execution.
/// Waiters form an intrusive list on their flight, so no continuation is allocated per caller.
/// </remarks>
internal sealed class CancellableWaiter<T> : TaskCompletionSource<T>
{
    private static readonly Action<object?, CancellationToken> s_onCancelled =
        static (state, token) => ((CancellableWaiter<T>)state!).OnCancelled(token);

    private readonly Flight<T> _flight;
    private CancellationTokenRegistration _registration;

    public CancellableWaiter(Flight<T> flight)
        : base(TaskCreationOptions.RunContinuationsAsynchronously) => _flight = flight;

    public CancellableWaiter<T>? Next { get; set; }

    public void Register(CancellationToken cancellationToken) =>
        _registration = cancellationToken.UnsafeRegister(s_onCancelled, this);

    public void OnFlightCompleted()
    {
        // Unregister, not Dispose: Dispose would wait for a cancellation callback running on another thread.
        _registration.Unregister();
        _flight.CopyOutcomeTo(this);
    }

    private void OnCancelled(CancellationToken token)
    {
        if (TrySetCanceled(token))
        {
            _flight.ReleaseCancelledCaller();
        }
    }
}
