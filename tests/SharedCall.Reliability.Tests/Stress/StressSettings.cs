using System.Globalization;

namespace SharedCall.Reliability.Tests.Stress;

/// <summary>How much the stress tests do: a CI-sized run by default, 10x with SHAREDCALL_STRESS_LONG=1.</summary>
internal static class StressSettings
{
    public static bool Long => Environment.GetEnvironmentVariable("SHAREDCALL_STRESS_LONG") == "1";

    /// <summary>Operations of the mixed stress test, across every round.</summary>
    public static int Operations => Count("SHAREDCALL_STRESS_OPERATIONS", 1_000_000);

    /// <summary>Operations of the stress test through proxies.</summary>
    public static int ProxyOperations => Count("SHAREDCALL_PROXY_OPERATIONS", 200_000);

    /// <summary>Calls of each leak test.</summary>
    public static int LeakCalls => Count("SHAREDCALL_LEAK_CALLS", 1_000_000);

    /// <summary>Runs of each interleaving scenario on real threads.</summary>
    public static int Interleavings => Count("SHAREDCALL_INTERLEAVINGS", 1_000);

    /// <summary>An explicit count from <paramref name="variable"/> (mutation testing sets small ones), else the default, 10x when long.</summary>
    private static int Count(string variable, int normal) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Long ? normal * 10 : normal;

    /// <summary>The random seed: SHAREDCALL_STRESS_SEED when set, otherwise a new one, printed so a failure can be replayed.</summary>
    public static int Seed { get; } =
        Environment.GetEnvironmentVariable("SHAREDCALL_STRESS_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();

    public static readonly int[] WorkerCounts = [2, 4, 8, 16, 32, 64];

    public static readonly int[] KeySpaces = [1, 4, 16, 64, 4_096, 1_000_000];
}
