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
}
