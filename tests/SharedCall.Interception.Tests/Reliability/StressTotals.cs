using System.Globalization;

namespace SharedCall.Interception.Tests.Reliability;

/// <summary>The figures of a stress run, summed over its rounds, for the test output and docs/reliability.md.</summary>
internal sealed class StressTotals
{
    private long _calls;
    private long _executions;
    private long _joined;
    private long _values;
    private long _exceptions;
    private long _cancellations;
    private int _rounds;
    private int _minWorkers = int.MaxValue;
    private int _maxWorkers;

    public void Add(StressLedger ledger, CoalescingStats stats, int workers, bool statsWereReset)
    {
        _rounds++;
        _calls += ledger.Calls;
        if (!statsWereReset)
        {
            _executions += stats.Misses;
            _joined += stats.Hits;
        }

        _values += ledger.Values;
        _exceptions += ledger.Exceptions;
        _cancellations += ledger.Cancellations;
        _minWorkers = Math.Min(_minWorkers, workers);
        _maxWorkers = Math.Max(_maxWorkers, workers);
    }

    public string Describe(int seed, TimeSpan elapsed) => string.Format(
        CultureInfo.InvariantCulture,
        "stress: seed {0}, {1:N0} calls in {2} rounds, {3}-{4} workers, {5:F1} s; executions {6:N0}, joined {7:N0} " +
        "(counted in rounds without ResetStats); outcomes: {8:N0} values, {9:N0} exceptions, {10:N0} cancellations",
        seed,
        _calls,
        _rounds,
        _minWorkers,
        _maxWorkers,
        elapsed.TotalSeconds,
        _executions,
        _joined,
        _values,
        _exceptions,
        _cancellations);
}
