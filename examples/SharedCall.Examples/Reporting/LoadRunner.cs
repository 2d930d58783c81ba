using System.Diagnostics;

namespace SharedCall.Examples.Reporting;

/// <summary>Fires N requests at once and times each of them and the whole burst.</summary>
public static class LoadRunner
{
    public static async Task<RunResult> RunAsync(int requests, Func<int, Task> request, Func<int> backendCalls)
    {
        var started = Stopwatch.GetTimestamp();
        var calls = new Task<(double, bool)>[requests];
        for (var i = 0; i < requests; i++)
        {
            calls[i] = TimeAsync(request, i);
        }

        var outcomes = await Task.WhenAll(calls);
        var totalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return RunResult.From(outcomes, totalMs, backendCalls());
    }

    private static async Task<(double, bool)> TimeAsync(Func<int, Task> request, int index)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await request(index);
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, true);
        }
        catch (Exception)
        {
            // A failed request is an outcome to count, as shared-call-py counted its rejected calls.
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, false);
        }
    }
}
