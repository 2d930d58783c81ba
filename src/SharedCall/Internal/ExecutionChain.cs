namespace SharedCall.Internal;

/// <summary>
/// The executions whose work the current asynchronous flow is inside, innermost first: lets a call made from inside
/// an execution's work, even after an <c>await</c>, see that it would wait for itself.
/// </summary>
/// <remarks>
/// Kept in an <see cref="AsyncLocal{T}"/> only when <see cref="CoalescerOptions.DetectReentrantAsyncCalls"/> is on:
/// writing it costs an execution-context copy per execution, which the default hot path does not pay.
/// </remarks>
internal sealed class ExecutionChain
{
    private static readonly AsyncLocal<ExecutionChain?> s_current = new();

    private ExecutionChain(Flight flight, ExecutionChain? outer)
    {
        Flight = flight;
        Outer = outer;
    }

    public Flight Flight { get; }

    public ExecutionChain? Outer { get; }

    /// <summary>Marks the current flow as inside <paramref name="flight"/>'s work; returns what to restore afterwards.</summary>
    public static ExecutionChain? Enter(Flight flight)
    {
        var outer = s_current.Value;
        s_current.Value = new ExecutionChain(flight, outer);
        return outer;
    }

    public static void Exit(ExecutionChain? outer) => s_current.Value = outer;

    public static bool IsInside(Flight flight)
    {
        for (var chain = s_current.Value; chain is not null; chain = chain.Outer)
        {
            if (ReferenceEquals(chain.Flight, flight))
            {
                return true;
            }
        }

        return false;
    }
}
