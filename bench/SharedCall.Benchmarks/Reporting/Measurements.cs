using System.Globalization;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Mathematics;
using BenchmarkDotNet.Parameters;
using BenchmarkDotNet.Reports;

namespace SharedCall.Benchmarks.Reporting;

/// <summary>Finds one benchmark's figures (per operation) in the summaries of a run.</summary>
public sealed class Measurements(IReadOnlyList<Summary> summaries)
{
    public IReadOnlyList<Summary> Summaries { get; } = summaries;

    public Figure? Find(string type, string method, string? param = null)
    {
        foreach (var summary in Summaries)
        {
            foreach (var report in summary.Reports)
            {
                var descriptor = report.BenchmarkCase.Descriptor;
                if (descriptor.Type.Name != type || descriptor.WorkloadMethod.Name != method || report.ResultStatistics is null)
                {
                    continue;
                }

                if (param is not null && !HasParameter(report.BenchmarkCase.Parameters, param))
                {
                    continue;
                }

                var contentions = report.Metrics.Values
                    .FirstOrDefault(m => m.Descriptor.DisplayName == "Lock Contentions")?.Value ?? 0;
                contentions += SpinLockWaitsPerOperation(report);
                return new Figure(
                    report.ResultStatistics.Median,
                    report.ResultStatistics.Percentiles.P95,
                    report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0,
                    contentions,
                    ProcessMedians(report));
            }
        }

        return null;
    }

    // A case measured in several processes (MedianAcrossProcessesAttribute): each process's own median, in launch order.
    private static double[] ProcessMedians(BenchmarkReport report) =>
        [.. report.AllMeasurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Result)
            .GroupBy(m => m.LaunchIndex)
            .OrderBy(g => g.Key)
            .Select(g => new Statistics(g.Select(m => m.GetAverageTime().Nanoseconds)).Median)];

    // The core's flight table uses spin locks, which the runtime's Lock Contentions count does not see: B7's core process
    // prints its own count of waits on them (B7_DistinctKeys.ContentionLine), and the report adds it per operation.
    private static double SpinLockWaitsPerOperation(BenchmarkReport report)
    {
        var line = report.ExecuteResults
            .SelectMany(r => r.StandardOutput)
            .LastOrDefault(l => l.StartsWith(B7_DistinctKeys.ContentionLine, StringComparison.Ordinal));
        if (line is null)
        {
            return 0;
        }

        var parts = line[B7_DistinctKeys.ContentionLine.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var waits = double.Parse(parts[0], CultureInfo.InvariantCulture);
        var operations = double.Parse(parts[1], CultureInfo.InvariantCulture);
        return operations > 0 ? waits / operations : 0;
    }

    // "Keys=1000" against the case's parameter values.
    private static bool HasParameter(ParameterInstances parameters, string nameAndValue)
    {
        var parts = nameAndValue.Split('=', 2);
        return parameters.Items.Any(p => p.Name == parts[0] && Convert.ToString(p.Value, CultureInfo.InvariantCulture) == parts[1]);
    }
}

/// <summary>
/// Median and P95 in nanoseconds, bytes allocated and lock contentions, all per operation; the median and P95 pool the
/// iterations of every process the case ran in, and <paramref name="ProcessMediansNs"/> has each process's own median.
/// </summary>
public sealed record Figure(double MedianNs, double P95Ns, long Bytes, double LockContentions, IReadOnlyList<double> ProcessMediansNs);
