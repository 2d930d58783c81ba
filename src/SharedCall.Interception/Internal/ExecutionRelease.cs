using System.Reflection;

namespace SharedCall.Interception.Internal;

/// <summary>Disposes an execution's scope when the work its target returned has finished, whatever its return shape.</summary>
/// <remarks>
/// A task's work ends when the task completes, so the scope is disposed then, before the outcome reaches any caller;
/// a synchronous method's work has ended when it returns. A disposal that throws fails the execution, as a
/// <c>using</c> block would; a work's own exception is kept when disposing succeeds.
/// </remarks>
internal static class ExecutionRelease
{
    private static readonly MethodInfo s_taskOf = typeof(ExecutionRelease).GetMethod(nameof(TaskOf), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_valueTaskOf = typeof(ExecutionRelease).GetMethod(nameof(ValueTaskOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Returns what the target returned, or a task that completes like it once the scope is disposed.</summary>
    public static object? After(MethodPlan plan, object? returned, IExecutionTarget execution)
    {
        switch (plan.Shape)
        {
            case ReturnShape.Task:
                return After((Task)returned!, execution);
            case ReturnShape.ValueTask:
                return ValueTaskAfter(returned, execution);
            case ReturnShape.TaskOfT:
            case ReturnShape.ValueTaskOfT:
                return plan.ReleaseAfterExecution(returned, execution);
            default:
                DisposeNow(execution);
                return returned;
        }
    }

    /// <summary>Makes the release of a <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c> method's result, once per plan.</summary>
    public static Func<object?, IExecutionTarget, object?> ForResult(ReturnShape shape, Type resultType) =>
        (shape == ReturnShape.TaskOfT ? s_taskOf : s_valueTaskOf)
            .MakeGenericMethod(resultType)
            .CreateDelegate<Func<object?, IExecutionTarget, object?>>();

    /// <summary>Disposes the scope on this thread, waiting for an asynchronous disposal to finish.</summary>
    public static void DisposeNow(IExecutionTarget execution)
    {
        var disposal = execution.DisposeAsync();
        if (!disposal.IsCompletedSuccessfully)
        {
            disposal.AsTask().GetAwaiter().GetResult();
        }
    }

    private static Task After(Task task, IExecutionTarget execution)
    {
        if (!task.IsCompletedSuccessfully)
        {
            return ReleaseAfter(task, execution);
        }

        return DisposedSynchronously(execution, out var disposal) ? task : AfterDisposal(task, disposal);
    }

    private static object? ValueTaskAfter(object? returned, IExecutionTarget execution)
    {
        var valueTask = (ValueTask)returned!;
        if (!valueTask.IsCompletedSuccessfully)
        {
            return new ValueTask(ReleaseAfter(valueTask.AsTask(), execution));
        }

        return DisposedSynchronously(execution, out var disposal) ? returned : new ValueTask(AfterDisposal(Task.CompletedTask, disposal));
    }

#pragma warning disable CA1859 // Made into a Func<object?, IExecutionTarget, object?> once per plan (ForResult).
    private static object? TaskOf<T>(object? returned, IExecutionTarget execution)
    {
        var task = (Task<T>)returned!;
        if (!task.IsCompletedSuccessfully)
        {
            return ReleaseAfter(task, execution);
        }

        return DisposedSynchronously(execution, out var disposal) ? task : AfterDisposal(task, disposal);
    }

#pragma warning restore CA1859

    private static object? ValueTaskOf<T>(object? returned, IExecutionTarget execution)
    {
        var valueTask = (ValueTask<T>)returned!;
        if (!valueTask.IsCompletedSuccessfully)
        {
            return new ValueTask<T>(ReleaseAfter(valueTask.AsTask(), execution));
        }

        // The target's own ValueTask is kept when nothing is pending: the handler then reuses Castle's box of it.
        return DisposedSynchronously(execution, out var disposal)
            ? returned
            : new ValueTask<T>(AfterDisposal(Task.FromResult(valueTask.Result), disposal));
    }

    // Work that finished synchronously keeps its own task when the scope also disposes synchronously: no state machine.
    private static bool DisposedSynchronously(IExecutionTarget execution, out ValueTask disposal)
    {
        disposal = execution.DisposeAsync();
        if (!disposal.IsCompletedSuccessfully)
        {
            return false;
        }

        disposal.GetAwaiter().GetResult();
        return true;
    }

    private static async Task AfterDisposal(Task work, ValueTask disposal)
    {
        await disposal.ConfigureAwait(false);
        await work.ConfigureAwait(false);
    }

    private static async Task<T> AfterDisposal<T>(Task<T> work, ValueTask disposal)
    {
        await disposal.ConfigureAwait(false);
        return await work.ConfigureAwait(false);
    }

    private static async Task ReleaseAfter(Task work, IExecutionTarget execution)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        finally
        {
            await execution.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<T> ReleaseAfter<T>(Task<T> work, IExecutionTarget execution)
    {
        try
        {
            return await work.ConfigureAwait(false);
        }
        finally
        {
            await execution.DisposeAsync().ConfigureAwait(false);
        }
    }
}
