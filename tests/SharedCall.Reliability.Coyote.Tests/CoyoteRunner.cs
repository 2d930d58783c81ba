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

        // Everything the scenarios and the core do is under Coyote's control (see docs/reliability.md), so the strict
        // defaults stay: any uncontrolled concurrency is a bug and a deadlock is a deadlock, not a "potential" one.
        // Scheduling points at every Interlocked, Volatile and ConcurrentDictionary call reach the core's lock-free
        // windows (between a caller's table lookup and its join, between the last cancellation and the removal).
        // The schedule is fair: the table's stripe locks are spin locks, and a waiter spins until the holder runs,
        // which an unfair schedule may postpone until Coyote cuts the iteration short.
        var configuration = Configuration.Create()
            .WithTestingIterations(Iterations)
            .WithRandomGeneratorSeed(seed)
            .WithPrioritizationStrategy(isFair: true, priorityChangeBound: 10)
            .WithAtomicOperationRaceCheckingEnabled(true)
            .WithVolatileOperationRaceCheckingEnabled(true)
            .WithCollectionAccessRaceCheckingEnabled(true)
            .WithLockAccessRaceCheckingEnabled(true)
            .WithTelemetryEnabled(false);

        // An iteration Coyote cuts short (a bound reached, uncontrolled concurrency it gives up on) would pass
        // unnoticed: count the iterations whose scenario ran to its end.
        var completed = 0;
        using var engine = TestingEngine.Create(configuration, async () =>
        {
            await scenario();
            Interlocked.Increment(ref completed);
        });
        engine.Run();

        var report = engine.TestReport;
        var explored = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        TestContext.Out.WriteLine(
            $"seed {seed}: {explored} interleavings explored, {report.TotalControlledOperations} controlled operations, " +
            $"{report.TotalExploredFairSteps + report.TotalExploredUnfairSteps} scheduling steps, {report.NumOfFoundBugs} bugs, " +
            $"{completed} ran to the end");
        Assert.That(
            report.NumOfFoundBugs,
            Is.Zero,
            () => $"seed {seed} (rerun with SHAREDCALL_COYOTE_SEED={seed}):\n{string.Join("\n", report.BugReports)}");
        Assert.That(report.UncontrolledInvocations, Is.Empty, "calls Coyote does not control");
        Assert.That(explored, Is.EqualTo(Iterations));
        Assert.That(completed, Is.EqualTo(Iterations), "iterations that ran to the end of the scenario");
    }
}
