using System.Globalization;

namespace SharedCall.Redis.Tests.MultiProcess;

/// <summary>
/// What a soak's processes printed (see tests/SharedCall.Redis.TestHost/Soak.cs), summed and checked: their summaries,
/// every execution (key, start, end) and every result their callers got (first and last call's start, first return).
/// </summary>
public sealed class SoakReport
{
    private SoakReport(List<Dictionary<string, string>> summaries, List<(string Key, long Start, long End)> executions, List<Got> got)
    {
        Calls = Sum(summaries, "calls");
        Failed = Sum(summaries, "failed");
        Wrong = Sum(summaries, "wrong");
        Leaders = Sum(summaries, "leaders");
        ReportedExecutions = Sum(summaries, "executions");
        MaxCall = TimeSpan.FromMilliseconds(summaries.Max(s => long.Parse(s["maxms"], CultureInfo.InvariantCulture)));
        FirstFailures = string.Join(", ", summaries.Select(s => s["firstfailure"]).Where(f => f != "none"));
        var byKey = executions.ToLookup(e => e.Key, e => (e.Start, e.End));
        ExecutionsByKey = byKey.ToDictionary(g => g.Key, g => g.Count());
        FlightsByKey = byKey.ToDictionary(g => g.Key, g => Flights(g));

        // Where an execution ran, its own callers got its result: the first of them got it back once it was complete.
        var delivered = got.Where(g => g.ByItsProcess).ToDictionary(g => g.Execution, g => g.FirstReturn);
        Stale = got.Count(g => g.LastStart > g.FirstReturn || !delivered.TryGetValue(g.Execution, out var complete) || g.FirstStart > complete);
    }

    public long Calls { get; }

    public long Failed { get; }

    public long Wrong { get; }

    /// <summary>
    /// Gets how many results were served stale: to a caller of a process after that process already had it back (every
    /// caller of a process that gets a result must have joined the one in-process flight it served), or to a process
    /// whose first caller came after the execution was complete where it ran. A result computed just before a call is
    /// not stale while its flight is still publishing it; one taken from an earlier flight is.
    /// </summary>
    public long Stale { get; }

    /// <summary>Gets the processes' local leaders (in-process flights): each runs the work at most once, or is served by another process.</summary>
    public long Leaders { get; }

    public long ReportedExecutions { get; }

    public TimeSpan MaxCall { get; }

    public string FirstFailures { get; }

    public Dictionary<string, int> ExecutionsByKey { get; }

    /// <summary>
    /// Gets, per key, its flights: the fewest instants that every execution of the key spans one of (equal, for intervals,
    /// to the most executions that pairwise do not overlap). With perfect fleet-wide coalescing every flight is one
    /// execution; with in-process coalescing only, a flight is at most one execution per process, since a process never
    /// runs a key twice at once.
    /// </summary>
    public Dictionary<string, int> FlightsByKey { get; }

    public int Executions => ExecutionsByKey.Values.Sum();

    public int TotalFlights => FlightsByKey.Values.Sum();

    public static SoakReport From(IEnumerable<ChildProcess> processes)
    {
        var summaries = new List<Dictionary<string, string>>();
        var executions = new List<(string Key, long Start, long End)>();
        var got = new List<Got>();
        foreach (var process in processes)
        {
            summaries.Add(process.Lines("soak ")[0].Split(' ').Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]));
            executions.AddRange(process.Lines("exec ").Select(l => l.Split(' ')).Select(w => (w[1], Number(w[3]), Number(w[4]))));
            got.AddRange(process.Lines("got ").Select(l => l.Split(' ')).Select(w =>
                new Got(w[1], w[1].StartsWith($"{process.Id}.", StringComparison.Ordinal), Number(w[2]), Number(w[3]), Number(w[4]))));
        }

        return new SoakReport(summaries, executions, got);
    }

    public override string ToString() =>
        $"calls {Calls}, local leaders {Leaders}, executions {Executions} over {FlightsByKey.Count} keys, flights {TotalFlights}, " +
        $"served by another process {Leaders - Executions}, longest call {MaxCall.TotalMilliseconds:F0} ms, failed {Failed}, wrong {Wrong}, stale {Stale}";

    // Greedy stabbing: take executions by end; one ending before the current flight's instant starts a new flight.
    private static int Flights(IEnumerable<(long Start, long End)> executions)
    {
        var flights = 0;
        var instant = long.MinValue;
        foreach (var (start, end) in executions.OrderBy(e => e.End))
        {
            if (start > instant)
            {
                flights++;
                instant = end;
            }
        }

        return flights;
    }

    private sealed record Got(string Execution, bool ByItsProcess, long FirstStart, long LastStart, long FirstReturn);

    private static long Sum(List<Dictionary<string, string>> summaries, string name) => summaries.Sum(s => Number(s[name]));

    private static long Number(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
