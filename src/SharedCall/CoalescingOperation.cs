using System.Diagnostics;

namespace SharedCall;

/// <summary>
/// Names a kind of call — for example <c>"IUserRepository.GetUserAsync"</c> — so that its executions have their own
/// stats (<see cref="Coalescer.GetStats(string)"/>), carry the <c>sharedcall.operation</c> tag in metrics and traces,
/// and can be told apart on a dashboard.
/// </summary>
/// <remarks>
/// Create one instance per kind of call and keep it (a static field): the coalescer binds an operation to its
/// counters on first use. Operations with equal names share counters. The interception package names an operation
/// after each intercepted interface method. Never put argument values in a name: names are metric tags.
/// </remarks>
[DebuggerDisplay("{Name}")]
public sealed partial class CoalescingOperation
{
    private volatile Internal.OperationScope? _lastScope;

    /// <summary>Initializes a new operation.</summary>
    /// <param name="name">The operation's name, such as <c>"IUserRepository.GetUserAsync"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public CoalescingOperation(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets the operation's name.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;

    // One coalescer per operation is the common case: remembering the last binding skips the coalescer's lookup.
    internal Internal.OperationScope ScopeFor(Coalescer coalescer)
    {
        var scope = _lastScope;
        if (scope is not null && ReferenceEquals(scope.Owner, coalescer))
        {
            return scope;
        }

        scope = _policy is null ? coalescer.ScopeFor(Name) : PolicyScopeFor(coalescer);
        _lastScope = scope;
        return scope;
    }
}
