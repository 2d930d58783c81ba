using System.Reflection;
using BenchmarkDotNet.Attributes;
using SharedCall.Benchmarks.Infrastructure;
using SharedCall.Redis;
using StackExchange.Redis;

namespace SharedCall.Benchmarks;

/// <summary>B14, what the Redis level adds on loopback: a leader on a free key with and without <c>UseRedis</c>; an execution's
/// second caller in another coalescer on its own connection ("another process") against one joining in process.</summary>
[Config(typeof(BenchConfig))]
public class B14_Redis
{
    private const string Key = "product:42";
    private readonly CountingWork _work = new(), _second = new();
    private readonly Coalescer _local = new();
    private Coalescer _fleet = null!, _remote = null!;
    private TaskCompletionSource _started = new(), _seen = new();
    private long _calls, _valuesRead;

    [GlobalSetup]
    public void Setup()
    {
        var endpoint = Environment.GetEnvironmentVariable("SHAREDCALL_REDIS") ?? throw new InvalidOperationException(
            "B14 needs Redis: start one (redis-server --port 6399 --save '' --daemonize yes) and set SHAREDCALL_REDIS=127.0.0.1:6399, or run bench/run.sh.");
        _fleet = new Coalescer(new CoalescerOptions().UseRedis(ConnectionMultiplexer.Connect(endpoint)));
        var watched = ReadWatch.Wrap<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(endpoint), () => _ = Interlocked.Increment(ref _valuesRead) == 2 && _seen.TrySetResult());
        _remote = new Coalescer(new CoalescerOptions().UseRedis(watched));
    }

    [Benchmark(Baseline = true), BenchmarkCategory("leader")] public Task<int> InProcess_Leader() => _local.RunAsync(Key, Count(_work.Done));
    [Benchmark, BenchmarkCategory("leader")] public Task<int> Redis_Leader() => _fleet.RunAsync(Key, Count(_work.Done));
    [Benchmark(Baseline = true), BenchmarkCategory("second caller")] public Task<int> InProcess_Joiner() => Execution(_local, _local);
    [Benchmark, BenchmarkCategory("second caller")] public Task<int> Redis_RemoteWaiter() => Execution(_fleet, _remote);

    // One execution, two callers: the leader's work waits at a gate until the second caller has joined it, or, in the other process,
    // found the lease twice (its owner, then the re-check after subscribing), so it never arrives after it and leads its own.
    private async Task<int> Execution(Coalescer first, Coalescer second)
    {
        (_work.Gate, _started, _seen, _valuesRead) = (new(), new(), new(), 0);
        var leading = first.RunAsync(Key, Count(ct => { _started.SetResult(); return _work.OnGate(ct); }));
        await _started.Task;
        var waiting = second.RunAsync(Key, _second.Done);
        await (first == second ? Task.CompletedTask : _seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        _work.Gate.SetResult(21);
        return await leading + await waiting;
    }

    private Func<CancellationToken, Task<int>> Count(Func<CancellationToken, Task<int>> work) => ++_calls > 0 ? work : work;

    [GlobalCleanup]
    public void Cleanup()
    {
        Check.Equal(_calls, _work.Runs, "B14: one execution per call (leader) or per pair (second caller)");
        Check.Equal(0, _second.Runs, "B14: the second caller must be served by the first's execution");
        Check.Equal(0, _local.InFlightCount + _fleet.InFlightCount + _remote.InFlightCount, "B14: entries left in flight");
    }

    /// <summary>Forwards every call of a connection (and of its databases and batches) and reports each GET that found a value.</summary>
    public class ReadWatch : DispatchProxy
    {
        private object _target = null!;
        private Action _found = null!;

        public static T Wrap<T>(T target, Action found) where T : class
        {
            var proxy = Create<T, ReadWatch>();
            (((ReadWatch)(object)proxy)._target, ((ReadWatch)(object)proxy)._found) = (target, found);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var result = targetMethod!.Invoke(_target, args);
            _ = (result as Task<RedisValue>)?.ContinueWith(static (t, found) => { if (!t.Result.IsNull) ((Action)found!)(); }, _found, TaskContinuationOptions.OnlyOnRanToCompletion);
            return targetMethod.ReturnType == typeof(IBatch) ? Wrap((IBatch)result!, _found) : targetMethod.ReturnType == typeof(IDatabase) ? Wrap((IDatabase)result!, _found) : result;
        }
    }
}
