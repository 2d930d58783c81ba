using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Benchmarks.Reporting;

namespace SharedCall.Benchmarks;

/// <summary>
/// Without <c>--report</c>, BenchmarkDotNet's own command line (<c>--filter</c>, <c>--job</c>, ...).
/// With <c>--report PATH [--quick]</c>, every scenario in one run (the classes marked
/// <see cref="MedianAcrossProcessesAttribute"/> in several processes), then the report written to PATH.
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
        // More iterations in all than the full job (5 x 5), spread over processes, with fewer warmups in each (see MedianAcrossProcessesAttribute).
        var acrossProcesses = quick
            ? job
            : Job.Default.WithLaunchCount(MedianAcrossProcessesAttribute.LaunchCount).WithWarmupCount(3).WithIterationCount(5).WithId("FullAcrossProcesses");
        var classes = typeof(Program).Assembly.GetTypes().Where(IsBenchmarkClass).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var summaries = new List<Summary>();
        summaries.AddRange(BenchmarkRunner.Run(classes.Where(t => !MedianAcrossProcesses(t)).ToArray(), Config(job)));
        summaries.AddRange(BenchmarkRunner.Run(classes.Where(MedianAcrossProcesses).ToArray(), Config(acrossProcesses)));
        var markdown = new ReportWriter(summaries, quick ? "bench/run.sh --quick" : "bench/run.sh").Write();
        File.WriteAllText(path, markdown);
        Console.WriteLine($"Report written to {path}");
        return summaries.Any(Failed) ? 1 : 0;
    }

    private static ManualConfig Config(Job job) => DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableLogFile);

    private static bool IsBenchmarkClass(Type type) =>
        type is { IsPublic: true, IsAbstract: false } && type.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: false));

    private static bool MedianAcrossProcesses(Type type) => type.IsDefined(typeof(MedianAcrossProcessesAttribute), inherit: false);

    private static bool Failed(Summary summary) =>
        summary.HasCriticalValidationErrors || summary.Reports.IsEmpty || summary.Reports.Any(r => !r.Success);
}
