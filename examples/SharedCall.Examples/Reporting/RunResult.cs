namespace SharedCall.Examples.Reporting;

/// <summary>What one side (without or with coalescing) of a scenario measured.</summary>
public sealed record RunResult(
    int Requests,
    int BackendCalls,
    int Successes,
    int Failures,
    double TotalMs,
    double AverageMs,
    double P99Ms)
{
    /// <summary>Builds the result from each request's latency and outcome.</summary>
    public static RunResult From(IReadOnlyList<(double LatencyMs, bool Succeeded)> requests, double totalMs, int backendCalls)
    {
        var sorted = requests.Select(r => r.LatencyMs).Order().ToArray();
        // Nearest-rank percentile: the smallest latency that at least 99% of the requests did not exceed.
        var p99 = sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1];
        var successes = requests.Count(r => r.Succeeded);
        return new RunResult(requests.Count, backendCalls, successes, requests.Count - successes, Round(totalMs), Round(sorted.Average()), Round(p99));
    }

    private static double Round(double ms) => Math.Round(ms, 2);
}
