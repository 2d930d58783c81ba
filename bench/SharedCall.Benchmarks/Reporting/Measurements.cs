using System.Globalization;
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
                return new Figure(
                    report.ResultStatistics.Median,
                    report.ResultStatistics.Percentiles.P95,
                    report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0,
                    contentions);
            }
        }

        return null;
    }

    // "Keys=1000" against the case's parameter values.
    private static bool HasParameter(ParameterInstances parameters, string nameAndValue)
    {
        var parts = nameAndValue.Split('=', 2);
        return parameters.Items.Any(p => p.Name == parts[0] && Convert.ToString(p.Value, CultureInfo.InvariantCulture) == parts[1]);
    }
}

/// <summary>Median and P95 in nanoseconds, bytes allocated and lock contentions, all per operation.</summary>
public sealed record Figure(double MedianNs, double P95Ns, long Bytes, double LockContentions);
