using SharedCall.Reliability.Tests.Invariants;

namespace SharedCall.Reliability.Coyote.Tests;

/// <summary>
/// Each scenario explored by Coyote for 1,000 interleavings (10,000 with SHAREDCALL_STRESS_LONG=1) from a fixed seed,
/// with scheduling points at every await, lock, Interlocked/Volatile call and ConcurrentDictionary access.
/// InterleavingTests runs the same six scenarios on real threads.
/// </summary>
public class SystematicTests
{
    [Test]
    public void Join_vs_completion() => CoyoteRunner.Explore(Scenarios.Join_vs_completion, seed: 1);

    [Test]
    public void Forget_vs_completion() => CoyoteRunner.Explore(Scenarios.Forget_vs_completion, seed: 2);

    [Test]
    public void Last_caller_cancels_vs_completion_vs_new_joiner_honouring_token() =>
        CoyoteRunner.Explore(Scenarios.Last_caller_cancels_vs_completion_vs_new_joiner_honouring_token, seed: 3);

    [Test]
    public void Last_caller_cancels_vs_completion_vs_new_joiner_ignoring_token() =>
        CoyoteRunner.Explore(Scenarios.Last_caller_cancels_vs_completion_vs_new_joiner_ignoring_token, seed: 4);

    [Test]
    public void Sync_leader_vs_async_joiner_of_another_key() =>
        CoyoteRunner.Explore(Scenarios.Sync_leader_vs_async_joiner_of_another_key, seed: 5);

    [Test]
    public void ForgetAll_during_a_burst() => CoyoteRunner.Explore(Scenarios.ForgetAll_during_a_burst, seed: 6);
}
