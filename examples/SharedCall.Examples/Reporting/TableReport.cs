using System.Globalization;

namespace SharedCall.Examples.Reporting;

/// <summary>Prints a scenario as shared-call-py's README did: a without/with table and the improvement lines.</summary>
public static class TableReport
{
    public static void Print(ScenarioResult result, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"=== {result.Title} ===");
        output.WriteLine($"Model (simulated, not a real database or API): {result.Model}");
        output.WriteLine();
        output.WriteLine($"  {"",-24}{"without",14}{"with",14}");
        Row(output, "concurrent requests", result.Without.Requests, result.With.Requests);
        Row(output, result.BackendCallsLabel, result.Without.BackendCalls, result.With.BackendCalls);
        Row(output, "successful", result.Without.Successes, result.With.Successes);
        Row(output, "failed", result.Without.Failures, result.With.Failures);
        Row(output, "total duration", Seconds(result.Without.TotalMs), Seconds(result.With.TotalMs));
        Row(output, "average latency", Millis(result.Without.AverageMs), Millis(result.With.AverageMs));
        Row(output, "p99 latency", Millis(result.Without.P99Ms), Millis(result.With.P99Ms));
        output.WriteLine();
        output.WriteLine("  Improvement:");
        output.WriteLine($"    speed-up          total {Times(result.SpeedupTotal)}, average {Times(result.SpeedupAverage)}, p99 {Times(result.SpeedupP99)}");
        output.WriteLine($"    calls eliminated  {result.CallsEliminated} of {result.Without.BackendCalls} ({result.CallsEliminatedPercent.ToString("0.0", CultureInfo.InvariantCulture)}%)");
        output.WriteLine($"    load reduction    {Times(result.LoadReduction)} fewer {result.BackendCallsLabel}");
        output.WriteLine($"    coalescing rate   {(result.CoalescingRate * 100).ToString("0.0", CultureInfo.InvariantCulture)}% of calls joined an execution in flight");
        if (result.Without.Failures != result.With.Failures)
        {
            output.WriteLine($"    failures          {result.Without.Failures} -> {result.With.Failures}");
        }
    }

    private static void Row(TextWriter output, string label, object without, object with) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-24}{without,14}{with,14}"));

    private static string Seconds(double ms) => (ms / 1000).ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Millis(double ms) => ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private static string Times(double ratio) => ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x";
}
