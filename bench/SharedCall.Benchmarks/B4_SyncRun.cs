using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>B4, sync: synchronous <c>Run</c>, uncontended, against calling the work directly.</summary>
[Config(typeof(BenchConfig))]
public class B4_SyncRun
{
    private static readonly Func<B4_SyncRun, int> s_work = static self => self.Work();
    private readonly object _key = "user:42";
    private readonly Coalescer _coalescer = new();
    private long _calls, _runs;

    [Benchmark(Baseline = true)]
    public int Direct()
    {
        _calls++;
        return s_work(this);
    }

    [Benchmark]
    public int Core_Run()
    {
        _calls++;
        return _coalescer.Run(_key, this, s_work);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_calls, _runs, "B4: every uncontended call must run the work");
        Check.Equal(0, _coalescer.InFlightCount, "B4: entries left in flight");
    }

    private int Work()
    {
        _runs++;
        return 42;
    }
}
