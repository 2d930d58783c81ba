using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>
/// The columns, diagnosers and grouping every class shares: each category has its own baseline, so every ratio compares
/// implementations measured side by side in the same run.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default, ThreadingDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddColumn(CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        // The generated runner is built while other builds share the machine: the default two minutes is not enough.
        WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}
