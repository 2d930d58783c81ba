namespace SharedCall.Examples.Reporting;

/// <summary>One scenario: its model, both sides, and the improvement from one to the other.</summary>
public sealed record ScenarioResult(string Name, string Title, string Model, string BackendCallsLabel, RunResult Without, RunResult With, double CoalescingRate)
{
    /// <summary>Gets a statement that every figure comes from a simulation, as shared-call-py's did.</summary>
    public bool Simulated => true;

    public double SpeedupTotal => Ratio(Without.TotalMs, With.TotalMs);

    public double SpeedupAverage => Ratio(Without.AverageMs, With.AverageMs);

    public double SpeedupP99 => Ratio(Without.P99Ms, With.P99Ms);

    public int CallsEliminated => Without.BackendCalls - With.BackendCalls;

    public double CallsEliminatedPercent => Without.BackendCalls == 0 ? 0 : 100.0 * CallsEliminated / Without.BackendCalls;

    /// <summary>Gets how many times fewer calls reached the backend.</summary>
    public double LoadReduction => Ratio(Without.BackendCalls, With.BackendCalls);

    private static double Ratio(double without, double with) => with <= 0 ? 0 : without / with;
}
