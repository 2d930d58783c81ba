using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SharedCall.Benchmarks;

/// <summary>BenchmarkDotNet's own command line (<c>--filter</c>, <c>--job</c>, ...); <c>bench/run.sh</c> runs the suite.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // A failed cleanup check or a filter that matches nothing must fail the process (CI runs one scenario).
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
        return summaries.Count == 0 || summaries.Any(Failed) ? 1 : 0;
    }

    private static bool Failed(Summary summary) =>
        summary.HasCriticalValidationErrors || summary.Reports.IsEmpty || summary.Reports.Any(r => !r.Success);
}
