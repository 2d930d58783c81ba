using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>B1, leader path: <c>RunAsync</c> on a key nobody else holds, the work completing synchronously.</summary>
[Config(typeof(BenchConfig))]
public class B1_LeaderPath
{
    private readonly object _key = "user:42";
    private readonly Coalescer _coalescer = new();
    private readonly HandRolledCoalescer<int> _handRolled = new();
    private readonly CountingWork _work = new();
    private long _calls;

    [Benchmark(Baseline = true)]
    public Task<int> HandRolled()
    {
        _calls++;
        return _handRolled.RunAsync(_key, _work.Done);
    }

    [Benchmark]
    public Task<int> Core()
    {
        _calls++;
        return _coalescer.RunAsync(_key, _work.Done);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_calls, _work.Runs, "B1: every call on a free key must run the work");
        Check.Equal(0, _coalescer.InFlightCount + _handRolled.Count, "B1: entries left in flight");
    }
}
