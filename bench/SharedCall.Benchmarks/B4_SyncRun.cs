using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;

namespace SharedCall.Benchmarks;

/// <summary>B4: synchronous <c>Run</c>, uncontended, against calling the work directly.</summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[Config(typeof(BenchConfig))]
[MedianAcrossProcesses]
public class B4_SyncRun
{
    private static readonly Func<B4_SyncRun, int> s_work = static self => self.Work();
    private readonly object _key = "user:42";
    private readonly ConcurrentDictionary<object, Entry> _floor = new();
    private Coalescer _coalescer = null!;
    private long _calls;
    private long _runs;
    private int _stripe;
    private long _started;
    private long _ended;

    [GlobalSetup]
    public void Setup() => _coalescer = new Coalescer();

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

    /// <summary>
    /// The floor of any table-based coalescer: add an entry object to a <see cref="ConcurrentDictionary{TKey, TValue}"/>
    /// and remove it by identity, as every leader must.
    /// </summary>
    [Benchmark]
    public int Floor_DictionaryAddRemove()
    {
        var entry = new Entry();
        _floor.TryAdd(_key, entry);
        _floor.TryRemove(KeyValuePair.Create(_key, entry));
        return entry.Value;
    }

    /// <summary>
    /// The floor of the core's own leader, with no key to hash, no bucket to search and no telemetry to check: allocate
    /// an 88-B record, take and release a spin lock twice (add, remove), mark the record completed with a full fence
    /// (against joiners) and update the two live counters GetStats reports (started, ended).
    /// </summary>
    [Benchmark]
    public int Floor_LeaderSteps()
    {
        var record = new Record();
        Lock(ref _stripe);
        Volatile.Write(ref _stripe, 0);
        Interlocked.Increment(ref _started);
        Lock(ref _stripe);
        Volatile.Write(ref _stripe, 0);
        Interlocked.Exchange(ref record.State, -1);
        Interlocked.Increment(ref _ended);
        return record.Value;
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

    private static void Lock(ref int stripe)
    {
        while (Interlocked.CompareExchange(ref stripe, 1, 0) != 0)
        {
            Thread.SpinWait(1);
        }
    }

#pragma warning disable SA1401, CA1051, CS0649 // A stand-in for the 88-B flight record: only its size and two fields matter.
    private sealed class Record
    {
        public int State;
        public int Value = 42;
        public long A;
        public long B;
        public long C;
        public long D;
        public long E;
        public long F;
        public long G;
        public long H;
    }
#pragma warning restore SA1401, CA1051, CS0649

    private sealed class Entry
    {
        public int Value { get; } = 42;
    }
}
