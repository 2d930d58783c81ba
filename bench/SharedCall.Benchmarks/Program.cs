using BenchmarkDotNet.Running;

// BenchmarkDotNet's own command line (--filter, --job, ...); bench/run.sh runs the suite. A failed cleanup check or a
// filter that matches nothing must fail the process (CI runs one scenario).
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToList();
return summaries.Count == 0 || summaries.Any(static s => s.HasCriticalValidationErrors || s.Reports.IsEmpty || s.Reports.Any(r => !r.Success)) ? 1 : 0;
