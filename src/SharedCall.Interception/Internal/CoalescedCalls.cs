using Castle.DynamicProxy;
using SharedCall.Internal;

namespace SharedCall.Interception.Internal;

/// <summary>
/// One handler per return shape. Each sets <see cref="IInvocation.ReturnValue"/> before it returns: the leader's
/// target runs inside the core's call, synchronously, and every caller gets its own task or value.
/// </summary>
internal static class CoalescedCalls
{
    public static void Task(Coalescer coalescer, MethodPlan plan, IInvocation invocation) =>
        invocation.ReturnValue = Start(coalescer, plan, invocation);

    public static void TaskOf<T>(Coalescer coalescer, MethodPlan plan, IInvocation invocation) =>
        invocation.ReturnValue = Start<T>(coalescer, plan, invocation);

    // ValueTasks arrive here as synchronous methods. The leader's ValueTask becomes one Task, and every caller gets
    // a ValueTask of its own over its task: a ValueTask must never be awaited twice.
    public static void ValueTask(Coalescer coalescer, MethodPlan plan, IInvocation invocation) =>
        invocation.ReturnValue = new ValueTask(coalescer.RunAsync(
            plan.Operation,
            plan.CreateKey(invocation.Arguments),
            new LeaderCall(invocation, plan.CancellationTokenIndex),
            static (leader, token) => ((ValueTask)leader.Proceed(token)!).AsTask(),
            plan.CallerToken(invocation.Arguments)));

    public static void ValueTaskOf<T>(Coalescer coalescer, MethodPlan plan, IInvocation invocation) =>
        invocation.ReturnValue = new ValueTask<T>(coalescer.RunAsync(
            plan.Operation,
            plan.CreateKey(invocation.Arguments),
            new LeaderCall(invocation, plan.CancellationTokenIndex),
            static (leader, token) => ((ValueTask<T>)leader.Proceed(token)!).AsTask(),
            plan.CallerToken(invocation.Arguments)));

    public static void Value<T>(Coalescer coalescer, MethodPlan plan, IInvocation invocation)
    {
        if (plan.CancellationTokenIndex < 0)
        {
            invocation.ReturnValue = coalescer.Run(
                plan.Operation,
                plan.CreateKey(invocation.Arguments),
                new LeaderCall(invocation, -1),
                static leader => (T)leader.Proceed(default)!);
            return;
        }

        // With a token, a joined caller must be able to stop waiting: wait through the asynchronous path, whose
        // leader still runs the target synchronously, on this thread.
        invocation.ReturnValue = coalescer.RunAsync(
            plan.Operation,
            plan.CreateKey(invocation.Arguments),
            new LeaderCall(invocation, plan.CancellationTokenIndex),
            static (leader, token) => System.Threading.Tasks.Task.FromResult((T)leader.Proceed(token)!),
            plan.CallerToken(invocation.Arguments)).GetAwaiter().GetResult();
    }

    public static void Void(Coalescer coalescer, MethodPlan plan, IInvocation invocation)
    {
        if (plan.CancellationTokenIndex < 0)
        {
            coalescer.Run(plan.Operation, plan.CreateKey(invocation.Arguments), new LeaderCall(invocation, -1), static leader =>
            {
                leader.Proceed(default);
                return default(VoidResult);
            });
            return;
        }

        coalescer.RunAsync(
            plan.Operation,
            plan.CreateKey(invocation.Arguments),
            new LeaderCall(invocation, plan.CancellationTokenIndex),
            static (leader, token) =>
            {
                leader.Proceed(token);
                return System.Threading.Tasks.Task.CompletedTask;
            },
            plan.CallerToken(invocation.Arguments)).GetAwaiter().GetResult();
    }

    private static Task Start(Coalescer coalescer, MethodPlan plan, IInvocation invocation) => coalescer.RunAsync(
        plan.Operation,
        plan.CreateKey(invocation.Arguments),
        new LeaderCall(invocation, plan.CancellationTokenIndex),
        static (leader, token) => (Task)leader.Proceed(token)!,
        plan.CallerToken(invocation.Arguments));

    private static Task<T> Start<T>(Coalescer coalescer, MethodPlan plan, IInvocation invocation) => coalescer.RunAsync(
        plan.Operation,
        plan.CreateKey(invocation.Arguments),
        new LeaderCall(invocation, plan.CancellationTokenIndex),
        static (leader, token) => (Task<T>)leader.Proceed(token)!,
        plan.CallerToken(invocation.Arguments));
}
