using System.Text;

namespace SharedCall.Benchmarks.Reporting;

/// <summary>The explanations that go with the targets: how each is measured, and the floor where one is missed.</summary>
public static class Notes
{
    public static string Text(Measurements m, IReadOnlyList<Target> targets)
    {
        var md = new StringBuilder();
        md.AppendLine("## How to read it");
        md.AppendLine();
        md.AppendLine("- **Hand-rolled** is `ConcurrentDictionary<object, Lazy<Task<T>>>` with `GetOrAdd`, `await`, and identity-checked");
        md.AppendLine("  removal (`TryRemove(KeyValuePair)`) in a `finally` (bench/SharedCall.Benchmarks/Infrastructure/HandRolledCoalescer.cs).");
        md.AppendLine("- **HybridCache** (Microsoft.Extensions.Caching.Hybrid) runs with `DisableLocalCache | DisableDistributedCache`: pure stampede protection.");
        md.AppendLine("- **FusionCache** coalesces only through its memory cache (its docs: skipping the memory cache gives up stampede protection),");
        md.AppendLine("  so each fan-out writes its entry and then removes it; the removal is part of its figure.");
        md.AppendLine("- Fan-outs (B3, B5, B6, B12) are built inside the benchmark: N callers start while the work waits on a gate");
        md.AppendLine("  (a `TaskCompletionSource`), the gate opens, `Task.WhenAll` awaits them; figures are divided by N (`OperationsPerInvoke`).");
        md.AppendLine("- Proxy scenarios (B8-B11) call `IBenchService` (bench/SharedCall.Benchmarks/Infrastructure/BenchService.cs) through a");
        md.AppendLine("  coalescing proxy (`CoalescingProxy.Create`); their reference is a Castle `IInterceptor` that only calls `Proceed()`, on a proxy");
        md.AppendLine("  of the same interface. B11 resolves from Microsoft DI (`AddCoalescing().Coalesce<T>()`) and Autofac");
        md.AppendLine("  (`RegisterCoalescing()`, `EnableInterfaceInterceptors()`), against the same registration without them.");
        md.AppendLine("- The floors of B9 and B10 (`Floor_CastlePlusCore`, `Floor_CastlePlusCoreJoin`) are Castle interceptors on the same proxy");
        md.AppendLine("  that hand the call to the core under a key that already exists (the method itself; Infrastructure/CoreOnlyInterceptor.cs):");
        md.AppendLine("  Castle's invocation plus the core, measured in the same process, with no key built from the arguments and no method plan.");
        md.AppendLine($"- {AcrossProcesses(m)} run in several processes because their medians move between processes of the same build by more");
        md.AppendLine("  than their targets' margins, while the iterations within one process agree to a few percent. For the B10 join, a fast");
        md.AppendLine("  process (90 ns) and a slow one (137 ns) ran the same tier-1 machine code (`DOTNET_JitDisasm`, compared instruction by");
        md.AppendLine("  instruction) at the same alignment (`DOTNET_PerfMapEnabled`); for the B9 `Task<T>` leader (150 against 250 ns) the JIT's");
        md.AppendLine("  dynamic PGO also inlined Castle's `AbstractInvocation.Proceed` differently. Neither the key's hash (its stripe and bucket),");
        md.AppendLine("  nor the CPU the process ran on (`taskset`), nor W^X told the fast processes from the slow ones: a process's speed is a");
        md.AppendLine("  draw the suite cannot control, so it pools several.");
        md.AppendLine("- B6 subtracts a baseline that creates and cancels the same token sources without passing them, so the caller's own");
        md.AppendLine("  `CancellationTokenSource` is not counted as ours.");
        md.AppendLine("- B7's contentions per operation in the targets table are the runtime's Lock Contentions (contended `Monitor` enters)");
        md.AppendLine("  plus, for the core, the waits on its flight table's stripe spin locks, which the runtime does not count: the core's");
        md.AppendLine("  benchmark process prints them when it ends and the report adds them. The B7 results table shows the runtime's count only.");
        var missed = targets.Where(t => t.Met == false && t.Note.Length > 0).ToList();
        if (missed.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Where a target is missed: the measured floor");
            md.AppendLine();
            foreach (var t in missed)
            {
                md.AppendLine($"- **{t.Id}, {t.Scenario}**: {t.Note}");
            }
        }

        return md.ToString();
    }

    // "B2, B4, B8, B9 and B10": the scenarios whose job launched more than one process.
    private static string AcrossProcesses(Measurements m)
    {
        var ids = m.Summaries
            .SelectMany(s => s.BenchmarksCases)
            .Where(c => c.Job.Run.LaunchCount > 1)
            .Select(c => ReportWriter.ScenarioId(c.Descriptor.Type.Name))
            .Distinct()
            .OrderBy(ReportWriter.Number)
            .ToList();
        return ids.Count switch
        {
            0 => "In a full run, the scenarios marked `[MedianAcrossProcesses]`",
            1 => ids[0],
            _ => string.Join(", ", ids.Take(ids.Count - 1)) + " and " + ids[^1],
        };
    }
}
