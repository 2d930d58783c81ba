using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>B1: <c>RunAsync</c> on a key nobody else holds, work completing synchronously (the leader path).</summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
public class B1_LeaderPath
{
    private static readonly Task<int> s_done = Task.FromResult(42);
    private readonly object _key = "user:42";
    private Coalescer _coalescer = null!;
    private HandRolledCoalescer<int> _handRolled = null!;
    private Func<CancellationToken, Task<int>> _work = null!;
    private long _calls;
    private long _runs;

    [GlobalSetup]
    public void Setup()
    {
        _coalescer = new Coalescer();
        _handRolled = new HandRolledCoalescer<int>();
        _work = _ =>
        {
            _runs++;
            return s_done;
        };
    }

    [Benchmark(Baseline = true)]
    public Task<int> HandRolled()
    {
        _calls++;
        return _handRolled.RunAsync(_key, _work);
    }

    [Benchmark]
    public Task<int> Core()
    {
        _calls++;
        return _coalescer.RunAsync(_key, _work);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_calls, _runs, "B1: every call on a free key must run the work");
        Check.Equal(0, _coalescer.InFlightCount + _handRolled.Count, "B1: entries left in flight");
    }
}
