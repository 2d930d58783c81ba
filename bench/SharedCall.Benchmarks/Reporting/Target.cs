namespace SharedCall.Benchmarks.Reporting;

/// <summary>One row of the targets table: what was measured, against what, and whether the target is met.</summary>
public sealed record Target(string Id, string Scenario, string Ours, string Reference, string Goal, bool? Met, string Note = "")
{
    public string Verdict => Met switch
    {
        true => "met",
        false => "**not met**",
        null => Ours == "n/a" ? "not measured" : "informational",
    };
}
