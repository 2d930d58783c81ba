namespace SharedCall.Interception;

/// <summary>
/// Marks an interface method, or every method of an interface, whose concurrent identical calls run the target once:
/// callers that arrive while a call with the same key is in flight join it and get its result or its exception.
/// </summary>
/// <remarks>
/// <para>
/// Put the attribute on the interface, not on the implementing class: a proxy sees only the interface's members.
/// On an interface it marks every method declared there (not property or event accessors).
/// </para>
/// <para>
/// Coalesce reads, not writes: joined callers do not run the method body, and they all receive the same result
/// object, so a mutable result changed by one caller is changed for all of them.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class CoalescedAttribute : Attribute
{
    /// <summary>
    /// Gets or sets an optional key template, such as <c>"user:{userId}"</c>, that names the method's parameters.
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: the key is the method plus every argument except
    /// <see cref="CancellationToken"/>s. With a template the key is the formatted string (invariant culture), so
    /// <c>coalescer.Forget("user:42")</c> forgets it, and parameters the template leaves out do not split calls.
    /// A hole may carry a format, as in <c>"{day:yyyy-MM-dd}"</c>; <c>{{</c> and <c>}}</c> stand for braces.
    /// On an interface, the template applies to each method that has no <see cref="CoalescedAttribute"/> of its own.
    /// </value>
    public string? Key { get; set; }

    /// <summary>Gets or sets how long, in milliseconds, an execution may run before its waiting callers get a <see cref="TimeoutException"/>.</summary>
    /// <value>
    /// The default value is 0: no timeout. When it passes, every caller still waiting gets a <see cref="TimeoutException"/>
    /// naming the method and the timeout, the next call starts a new execution, and the work's
    /// <see cref="CancellationToken"/> is cancelled (<see cref="CoalescingOperation.Timeout"/>). A negative value fails
    /// the proxy's creation. See docs/execution.md.
    /// </value>
    public int TimeoutMilliseconds { get; set; }

    /// <summary>Gets or sets how long, in milliseconds, a successful result stays available to callers who arrive after its execution completed.</summary>
    /// <value>
    /// The default value is 0: nothing is kept. Callers in the window get the same result without running the target
    /// (<see cref="CoalescingOperation.ReuseFor"/>); failures are never reused, and <see cref="Coalescer.Forget(object)"/>
    /// ends a window. For a method returning <see langword="void"/>, <see cref="Task"/> or <see cref="ValueTask"/>, the
    /// completion is reused. A negative value fails the proxy's creation.
    /// </value>
    public int ReuseForMilliseconds { get; set; }

    /// <summary>Gets or sets whether the method's calls may be coalesced across the processes of a deployment.</summary>
    /// <value>
    /// The default value is <see langword="true"/>. It matters only when the coalescer has a cross-process level
    /// (SharedCall.Redis's <c>UseRedis</c>): then a call's key is its template's string, or the method's name and its
    /// arguments as System.Text.Json (invariant), and one execution serves every process. Set it to
    /// <see langword="false"/> to keep the method's calls in this process, for example when its arguments or result
    /// cannot be serialized: with a cross-process level, such a method otherwise fails when its proxy is made, with a
    /// message that says which parameter or type. See docs/distributed.md.
    /// </value>
    public bool CrossProcess { get; set; } = true;
}
