using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>The columns, diagnosers, grouping and report every class of the suite shares.</summary>
/// <remarks>
/// Classes with several scenarios put each in a category with its own baseline, so every ratio compares
/// implementations measured side by side in the same run. The report is BenchmarkDotNet's GitHub markdown table.
/// </remarks>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default, ThreadingDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddColumn(CategoriesColumn.Default);
        AddExporter(MarkdownExporter.GitHub);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
    }
}
