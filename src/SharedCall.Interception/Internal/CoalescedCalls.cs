using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// One handler per return shape. Each sets <see cref="IInvocation.ReturnValue"/> before it returns: the leader's
/// target runs inside the core's call, synchronously, and every caller gets its own task or value.
/// </summary>
/// <remarks>
/// Each hands the core the call's key as its plan and arguments (<see cref="MethodPlan.FlightKeyFor(Coalescer, object?[])"/>): the core
/// makes a key object only when the call leads.
/// <para>
/// The handlers are instance methods of one object: a delegate over a static method goes through a shuffle thunk on
/// every call, which a delegate bound to an instance skips.
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Performance",
    "CA1822:Mark members as static",
    Justification = "Bound to Instance, the handlers' delegates are called without a shuffle thunk.")]
internal sealed class CoalescedCalls
{
    public static readonly CoalescedCalls Instance = new();

    private CoalescedCalls()
    {
    }

    public void Task(Coalescer coalescer, MethodPlan plan, IInvocation invocation)
    {
        var arguments = invocation.Arguments;
        var key = plan.FlightKeyFor(coalescer, arguments);
        invocation.ReturnValue = coalescer.RunAsync(
            plan.Operation,
            key,
            new LeaderCall(invocation, plan.CancellationTokenIndex, LeaderCall.ProceedLater(coalescer, invocation)),
            static (leader, token) => (Task)leader.Proceed(token)!,
            plan.CallerToken(arguments));
    }

    public void TaskOf<T>(Coalescer coalescer, MethodPlan plan, IInvocation invocation)
    {
        var arguments = invocation.Arguments;
        var key = plan.FlightKeyFor(coalescer, arguments);
        invocation.ReturnValue = coalescer.RunAsync(
            plan.Operation,
            key,
            new LeaderCall(invocation, plan.CancellationTokenIndex, LeaderCall.ProceedLater(coalescer, invocation)),
            static (leader, token) => (Task<T>)leader.Proceed(token)!,
            plan.CallerToken(arguments));
    }

    // ValueTasks arrive here as synchronous methods. The leader's ValueTask becomes one Task, and every caller gets
    // a ValueTask of its own over its task: a ValueTask must never be awaited twice.
    public void ValueTask(Coalescer coalescer, MethodPlan plan, IInvocation invocation)
    {
        var arguments = invocation.Arguments;
        var key = plan.FlightKeyFor(coalescer, arguments);
        invocation.ReturnValue = new ValueTask(coalescer.RunAsync(
            plan.Operation,
            key,
            new LeaderCall(invocation, plan.CancellationTokenIndex, LeaderCall.ProceedLater(coalescer, invocation)),
            static (leader, token) => ((ValueTask)leader.Proceed(token)!).AsTask(),
            plan.CallerToken(arguments)));
    }

    public void ValueTaskOf<T>(Coalescer coalescer, MethodPlan plan, IInvocation invocation)
    {
        var arguments = invocation.Arguments;
        var key = plan.FlightKeyFor(coalescer, arguments);
        var result = coalescer.RunValueTaskAsync(
            plan.Operation,
            key,
            new LeaderCall(invocation, plan.CancellationTokenIndex, LeaderCall.ProceedLater(coalescer, invocation)),
            static (leader, token) => (ValueTask<T>)leader.Proceed(token)!,
            plan.CallerToken(arguments));

        // A leader whose target returned its result synchronously gets an equal ValueTask back: the invocation
        // already holds Castle's box of the target's, so boxing ours too would cost a second box. A ValueTask over
        // a task or a source never equals the core's over its result, so one is never awaited twice.
        if (!(invocation.ReturnValue is ValueTask<T> original && original.Equals(result)))
        {
            invocation.ReturnValue = result;
        }
    }

    public void Value<T>(Coalescer coalescer, MethodPlan plan, IInvocation invocation)
    {
        var arguments = invocation.Arguments;
        var key = plan.FlightKeyFor(arguments); // synchronous: in-process keys, never fleet-wide
        T result;
        if (plan.CancellationTokenIndex < 0)
        {
            result = coalescer.Run(
                plan.Operation,
                key,
                new LeaderCall(invocation, -1),
                static leader => (T)leader.Proceed(default)!);
        }
        else
        {
            // With a token, a joined caller must be able to stop waiting: wait through the asynchronous path, whose
            // leader still runs the target synchronously, on this thread, and its result needs no task.
            var outcome = coalescer.RunValueTaskAsync(
                plan.Operation,
                key,
                new LeaderCall(invocation, plan.CancellationTokenIndex),
                static (leader, token) => new ValueTask<T>((T)leader.Proceed(token)!),
                plan.CallerToken(arguments));
            result = outcome.IsCompletedSuccessfully ? outcome.Result : outcome.AsTask().GetAwaiter().GetResult();
        }

        // A leader's invocation already holds the target's return value, boxed by Castle: boxing the result again
        // would cost a value type its box twice. A joined call never proceeded, so its return value is unset.
        if (invocation.ReturnValue is null)
        {
            invocation.ReturnValue = result;
        }
    }

    public void Void(Coalescer coalescer, MethodPlan plan, IInvocation invocation)
    {
        var arguments = invocation.Arguments;
        var key = plan.FlightKeyFor(arguments); // synchronous: in-process keys, never fleet-wide
        if (plan.CancellationTokenIndex < 0)
        {
            // A statement body, so that the overload without a result is chosen: void methods share no-result executions.
            coalescer.Run(plan.Operation, key, new LeaderCall(invocation, -1), static leader =>
            {
                leader.Proceed(default);
            });
        }
        else
        {
            coalescer.RunAsync(
                plan.Operation,
                key,
                new LeaderCall(invocation, plan.CancellationTokenIndex),
                static (leader, token) =>
                {
                    leader.Proceed(token);
                    return System.Threading.Tasks.Task.CompletedTask;
                },
                plan.CallerToken(arguments)).GetAwaiter().GetResult();
        }
    }
}
