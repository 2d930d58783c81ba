using System.Runtime.CompilerServices;
using SharedCall.Internal;

namespace SharedCall;

public sealed partial class CoalescingOperation
{
    // The largest timeout or window a timer takes (uint.MaxValue - 1 ms, about 49.7 days).
    private static readonly TimeSpan s_maxPolicy = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private ConditionalWeakTable<Coalescer, OperationScope>? _policyScopes;
    private ExecutionPolicy? _policy;

    /// <summary>Gets or sets how long an execution may run before every caller still waiting gets a <see cref="TimeoutException"/>.</summary>
    /// <value>
    /// The default value is <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no timeout. Otherwise a positive
    /// time, measured by <see cref="CoalescerOptions.TimeProvider"/>. When it passes, the key is freed at once (the next
    /// caller starts a new execution), the work's token is cancelled, and the work's late result or exception is
    /// dropped. An execution that timed out counts as an error. A synchronous leader cannot be interrupted: its joined
    /// callers get the exception at the deadline, and the leader itself gets what its work returns. See docs/execution.md.
    /// </value>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero, negative (other than infinite) or over 49 days.</exception>
    public TimeSpan Timeout
    {
        get => _policy?.Timeout ?? System.Threading.Timeout.InfiniteTimeSpan;
        set
        {
            if (value != System.Threading.Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > s_maxPolicy))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, ErrorMessages.BadTimeout(Name));
            }

            SetPolicy(value, ReuseFor, !CrossProcess);
        }
    }

    /// <summary>Gets or sets how long a successful result stays available to callers who arrive after its execution completed.</summary>
    /// <value>
    /// The default value is <see cref="TimeSpan.Zero"/>: nothing is kept, and a caller that arrives after an execution
    /// completed starts a new one. Within the window, callers get the same result without an execution (counted as
    /// hits, and as <c>reused</c> in <c>sharedcall.calls</c>). Failures, cancellations and timeouts are never reused;
    /// <see cref="Coalescer.Forget(object)"/> and <see cref="Coalescer.ForgetAll"/> end a window at once.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> keeps a result until it is forgotten.
    /// </value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative (other than infinite) or over 49 days.</exception>
    public TimeSpan ReuseFor
    {
        get => _policy?.ReuseFor ?? TimeSpan.Zero;
        set
        {
            if (value != System.Threading.Timeout.InfiniteTimeSpan && (value < TimeSpan.Zero || value > s_maxPolicy))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, ErrorMessages.BadReuseFor(Name));
            }

            SetPolicy(Timeout, value, !CrossProcess);
        }
    }

    /// <summary>Gets or sets whether the operation's executions may go through the coalescer's cross-process level.</summary>
    /// <value>
    /// The default value is <see langword="true"/>. It matters only for a coalescer with a remote level
    /// (<see cref="CoalescerOptions.RemoteCoalescing"/>, set by SharedCall.Redis's <c>UseRedis</c>): set it to
    /// <see langword="false"/> to coalesce the operation's calls in this process only. See docs/distributed.md.
    /// </value>
    public bool CrossProcess
    {
        get => _policy is not { LocalOnly: true };
        set => SetPolicy(Timeout, ReuseFor, !value);
    }

    private void SetPolicy(TimeSpan timeout, TimeSpan reuseFor, bool localOnly)
    {
        _policy = ExecutionPolicy.For(timeout, reuseFor, localOnly);
        _policyScopes = null;
        _lastScope = null;
    }

    // An operation with a policy gets scopes of its own, which share the counters of every operation of its name.
    private OperationScope PolicyScopeFor(Coalescer coalescer)
    {
        var policy = _policy!;
        var scopes = _policyScopes ??= [];
        return scopes.GetValue(coalescer, c => c.ScopeFor(Name).WithPolicy(policy));
    }
}
