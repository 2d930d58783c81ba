using System.Globalization;
using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;

namespace SharedCall.Reliability.Coyote.Tests;

/// <summary>Runs one scenario under Coyote's systematic scheduler and fails the NUnit test on any bug it finds.</summary>
internal static class CoyoteRunner
{
    /// <summary>Iterations per scenario: 1,000 by default, 10x with SHAREDCALL_STRESS_LONG=1.</summary>
    public static uint Iterations =>
        Environment.GetEnvironmentVariable("SHAREDCALL_STRESS_LONG") == "1" ? 10_000u : 1_000u;

    public static void Explore(Func<Task> scenario, uint seed)
    {
        if (Environment.GetEnvironmentVariable("SHAREDCALL_COYOTE_SEED") is { Length: > 0 } text)
        {
            seed = uint.Parse(text, CultureInfo.InvariantCulture);
        }

        var configuration = Configuration.Create()
            .WithTestingIterations(Iterations)
            .WithRandomGeneratorSeed(seed)
            .WithPrioritizationStrategy(isFair: false, priorityChangeBound: 10)
            // Scheduling points inside Interlocked/Volatile/ConcurrentDictionary calls would also be explored, but the
            // core publishes outcomes from a raw UnsafeOnCompleted continuation that Coyote does not control: pausing
            // it there ends in a ThreadInterruptedException that crashes the test host (see docs/reliability.md).
            .WithAtomicOperationRaceCheckingEnabled(false)
            .WithVolatileOperationRaceCheckingEnabled(false)
            .WithCollectionAccessRaceCheckingEnabled(false)
            .WithLockAccessRaceCheckingEnabled(true)
            .WithPartiallyControlledConcurrencyAllowed(true)
            .WithUncontrolledConcurrencyResolutionTimeout(100, 0)
            .WithTelemetryEnabled(false);
        // An iteration Coyote cuts short (a potential deadlock it does not report, a bound reached) would pass
        // unnoticed: count the iterations whose scenario ran to its end.
        var completed = 0;
        using var engine = TestingEngine.Create(configuration, async () =>
        {
            await scenario();
            Interlocked.Increment(ref completed);
        });
        engine.Run();

        var report = engine.TestReport;
        TestContext.Out.WriteLine(
            $"seed {seed}: {report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths} interleavings explored, " +
            $"{report.TotalControlledOperations} controlled operations, {report.NumOfFoundBugs} bugs, {completed} ran to the end; " +
            $"uncontrolled: [{string.Join(", ", report.UncontrolledInvocations)}]");
        Assert.That(
            report.NumOfFoundBugs,
            Is.Zero,
            () => $"seed {seed} (rerun with SHAREDCALL_COYOTE_SEED={seed}):\n{string.Join("\n", report.BugReports)}");
        Assert.That(report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths, Is.EqualTo(Iterations));
    }
}
