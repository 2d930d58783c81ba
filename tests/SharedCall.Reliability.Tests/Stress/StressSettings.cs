using System.Globalization;

namespace SharedCall.Reliability.Tests.Stress;

/// <summary>How much the stress tests do: a CI-sized run by default, 10x with SHAREDCALL_STRESS_LONG=1.</summary>
internal static class StressSettings
{
    public static bool Long => Environment.GetEnvironmentVariable("SHAREDCALL_STRESS_LONG") == "1";

    /// <summary>Operations of the mixed stress test, across every round.</summary>
    public static int Operations => Long ? 10_000_000 : 1_000_000;

    /// <summary>The seed: SHAREDCALL_STRESS_SEED when set, otherwise a new one, printed so a failure can be replayed.</summary>
    public static int Seed { get; } =
        Environment.GetEnvironmentVariable("SHAREDCALL_STRESS_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();

    public static readonly int[] WorkerCounts = [2, 4, 8, 16, 32, 64];

    public static readonly int[] KeySpaces = [1, 4, 16, 64, 4_096, 1_000_000];
}
