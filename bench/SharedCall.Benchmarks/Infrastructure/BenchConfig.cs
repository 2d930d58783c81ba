using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>The columns and grouping every class of the suite shares.</summary>
/// <remarks>
/// Classes with several scenarios put each in a category with its own baseline, so every ratio compares
/// implementations measured side by side in the same run.
/// </remarks>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddColumn(CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
    }
}
