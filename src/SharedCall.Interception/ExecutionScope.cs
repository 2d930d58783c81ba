namespace SharedCall.Interception;

/// <summary>Where the target of a coalesced execution comes from, for a service a container makes per scope or per resolve.</summary>
/// <remarks>
/// An execution serves every caller that joins it, so it can outlive the caller that started it: when that caller's
/// request ends and its scope is disposed, the execution still runs for the others. See docs/execution.md.
/// Singletons, and proxies made with <see cref="CoalescingProxy.Create{T}(T, Coalescer)"/>, always call the target
/// they were given.
/// </remarks>
public enum ExecutionScope
{
    /// <summary>
    /// The default: each execution resolves its target from a scope of its own, made from the container's root when the
    /// execution starts and disposed when its work returns, so no caller's scope ending can dispose what it runs on.
    /// </summary>
    Own = 0,

    /// <summary>
    /// Each execution runs on the target of the caller that started it, in that caller's scope. Choose it only for a
    /// service that must see the caller's scoped state; the work then fails if that scope is disposed while it runs.
    /// </summary>
    Caller = 1,
}
