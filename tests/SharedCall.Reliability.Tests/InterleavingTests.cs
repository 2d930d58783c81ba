using SharedCall.Reliability.Tests.Invariants;
using SharedCall.Reliability.Tests.Stress;

namespace SharedCall.Reliability.Tests;

/// <summary>
/// The race scenarios Coyote explores (SharedCall.Reliability.Coyote.Tests), run here on real threads against the
/// shipped assembly, 1,000 times each (10,000 with SHAREDCALL_STRESS_LONG=1).
/// </summary>
public class InterleavingTests
{
    private static int Iterations => StressSettings.Interleavings;

    private static IEnumerable<TestCaseData> AllScenarios()
    {
        yield return new TestCaseData((Func<Task>)Scenarios.Join_vs_completion).SetName("Join_vs_completion");
        yield return new TestCaseData((Func<Task>)Scenarios.Forget_vs_completion).SetName("Forget_vs_completion");
        yield return new TestCaseData((Func<Task>)Scenarios.Last_caller_cancels_vs_completion_vs_new_joiner_honouring_token)
            .SetName("Last_caller_cancels_vs_completion_vs_new_joiner_honouring_token");
        yield return new TestCaseData((Func<Task>)Scenarios.Last_caller_cancels_vs_completion_vs_new_joiner_ignoring_token)
            .SetName("Last_caller_cancels_vs_completion_vs_new_joiner_ignoring_token");
        yield return new TestCaseData((Func<Task>)Scenarios.Sync_leader_vs_async_joiner_of_another_key)
            .SetName("Sync_leader_vs_async_joiner_of_another_key");
        yield return new TestCaseData((Func<Task>)Scenarios.ForgetAll_during_a_burst).SetName("ForgetAll_during_a_burst");
    }

    [TestCaseSource(nameof(AllScenarios))]
    public async Task Scenario_holds_the_invariants_on_real_threads(Func<Task> scenario)
    {
        for (var i = 0; i < Iterations; i++)
        {
            try
            {
                await scenario().Bounded();
            }
            catch (Exception exception)
            {
                Assert.Fail($"iteration {i}: {exception}");
            }
        }
    }
}
