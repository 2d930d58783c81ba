using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SharedCall.Benchmarks.Reporting;

namespace SharedCall.Benchmarks;

/// <summary>
/// Without <c>--report</c>, BenchmarkDotNet's own command line (<c>--filter</c>, <c>--job</c>, ...).
/// With <c>--report PATH [--quick]</c>, every scenario in one run, then the report written to PATH.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var reportAt = Array.IndexOf(args, "--report");
        if (reportAt < 0)
        {
            // A failed cleanup check or a filter that matches nothing must fail the process (CI runs one scenario).
            var ran = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
            return ran.Count == 0 || ran.Any(Failed) ? 1 : 0;
        }

        var path = args[reportAt + 1];
        var quick = args.Contains("--quick");
        var job = quick
            ? Job.ShortRun.WithId("Short")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15).WithId("Full");
        var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableLogFile);
        var summaries = BenchmarkRunner.Run(typeof(Program).Assembly, config);
        var markdown = new ReportWriter(summaries, quick ? "bench/run.sh --quick" : "bench/run.sh", job).Write();
        File.WriteAllText(path, markdown);
        Console.WriteLine($"Report written to {path}");
        return summaries.Any(Failed) ? 1 : 0;
    }

    private static bool Failed(Summary summary) =>
        summary.HasCriticalValidationErrors || summary.Reports.IsEmpty || summary.Reports.Any(r => !r.Success);
}
