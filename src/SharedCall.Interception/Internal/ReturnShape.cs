namespace SharedCall.Interception.Internal;

/// <summary>What a coalesced method returns, which decides how its callers share one execution.</summary>
internal enum ReturnShape
{
    /// <summary>A synchronous value: <c>T</c>.</summary>
    Value,

    /// <summary>Nothing, synchronously: <c>void</c>.</summary>
    Void,

    /// <summary><see cref="System.Threading.Tasks.Task"/>.</summary>
    Task,

    /// <summary><see cref="Task{TResult}"/>.</summary>
    TaskOfT,

    /// <summary><see cref="System.Threading.Tasks.ValueTask"/>.</summary>
    ValueTask,

    /// <summary><see cref="ValueTask{TResult}"/>.</summary>
    ValueTaskOfT,
}
