using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace SharedCall.Advanced;

/// <summary>
/// A second, cross-process level of coalescing (advanced): the SharedCall.Redis package implements it, and a
/// <see cref="Coalescer"/> whose <see cref="CoalescerOptions.RemoteCoalescing"/> is set hands it the work of each
/// execution its process leads, so that one execution serves every process of a deployment.
/// </summary>
/// <remarks>
/// <para>
/// Only the process's local leader calls this level: callers that join an execution in flight in the same process never
/// do, and a coalescer without a remote level pays one null check per execution and nothing per joined caller.
/// </para>
/// <para>
/// The core calls <see cref="RunAsync{T}"/> only for asynchronous calls (<c>RunAsync</c>, <c>RunValueTaskAsync</c>)
/// whose key is a <see cref="string"/> and whose <see cref="CoalescingOperation.CrossProcess"/> is
/// <see langword="true"/>; synchronous calls (<c>Run</c>) and other keys are coalesced in this process only. Work
/// without a result is handed over as work that returns <see langword="true"/>.
/// </para>
/// <para>
/// An implementation must return the outcome the callers should see: the work's own outcome when it ran the work, or
/// another process's outcome. It must never return a result it did not get from an execution, and should run the work
/// itself whenever the other level is unavailable. Its <see cref="RunAsync{T}"/> must not throw synchronously.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public abstract class RemoteCoalescing
{
    /// <summary>The operation name handed to <see cref="RunAsync{T}"/> for calls made without a <see cref="CoalescingOperation"/>.</summary>
    public const string DefaultOperation = "default";

    /// <summary>Runs <paramref name="work"/> for the local leader of an execution, or waits for another process's execution of the same key.</summary>
    /// <typeparam name="T">The execution's declared result type.</typeparam>
    /// <param name="coalescer">The coalescer's <see cref="Coalescer.Name"/>.</param>
    /// <param name="operation">The operation's name, or <see cref="DefaultOperation"/>.</param>
    /// <param name="key">The call's key. It may hold argument values: never put it in logs or in names other processes can read.</param>
    /// <param name="work">
    /// The execution's work; call it at most once. An outcome returned without calling it counts as served by another
    /// process (<c>sharedcall.outcome</c> = <c>remote</c>). <see cref="RemoteExecution.Of"/> gets the execution to report on.
    /// </param>
    /// <param name="cancellationToken">Cancelled when every local caller of the execution has cancelled (or it timed out).</param>
    /// <returns>The outcome every local caller of the execution receives.</returns>
    public abstract Task<T> RunAsync<T>(
        string coalescer,
        string operation,
        string key,
        Func<CancellationToken, Task<T>> work,
        CancellationToken cancellationToken);

    /// <summary>
    /// Gets whether results of <paramref name="resultType"/> can reach other processes through this level: integrations
    /// ask it when they create a proxy, so that a method whose result could never be shared fails then, not silently later.
    /// </summary>
    /// <param name="resultType">A method's declared result type (<c>T</c> of <c>Task&lt;T&gt;</c>).</param>
    /// <param name="reason">
    /// When not, why, as the end of a sentence that starts with the method's name, such as
    /// <c>"its result type 'IUser' is an interface, which System.Text.Json cannot create"</c>; otherwise null.
    /// </param>
    /// <returns><see langword="true"/> when the results can be shared; the default implementation says so for every type.</returns>
    public virtual bool SupportsResultType(Type resultType, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(resultType);
        reason = null;
        return true;
    }
}
