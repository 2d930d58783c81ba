using System.Diagnostics;

namespace SharedCall.Redis.TestHost;

/// <summary>
/// Callers that loop until a deadline, each call on a key drawn from a Zipf distribution (a few hot keys, a long tail).
/// Every execution prints <c>exec &lt;key&gt; &lt;start&gt; &lt;end&gt;</c> (Stopwatch timestamps: monotonic and shared by the
/// processes of one machine); at the end one line <c>soak calls= failed= wrong= stale= maxms= executions= leaders=
/// firstfailure=</c>. A result is wrong when it belongs to another key, stale when its execution ended before the call
/// began (nothing may be served from an execution that was already over).
/// </summary>
internal sealed class Soak(Coalescer coalescer, Action<string> write)
{
    private long _calls;
    private long _failed;
    private long _wrong;
    private long _stale;
    private long _executions;
    private long _maxTicks;
    private string? _firstFailure;

    public async Task RunAsync(int seconds, int callers, int keys, int seed, int workMs)
    {
        var zipf = Zipf(keys);
        var leaders = coalescer.GetStats().Misses;
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(i => CallLoopAsync(new Random((seed * 1000) + i), zipf, workMs, deadline)));
        write(
            $"soak calls={_calls} failed={_failed} wrong={_wrong} stale={_stale} " +
            $"maxms={Stopwatch.GetElapsedTime(0, _maxTicks).TotalMilliseconds:F0} executions={_executions} " +
            $"leaders={coalescer.GetStats().Misses - leaders} firstfailure={_firstFailure ?? "none"}");
    }

    private async Task CallLoopAsync(Random random, double[] zipf, int workMs, long deadline)
    {
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var key = "k" + Array.BinarySearch(zipf, random.NextDouble()) switch { < 0 and var i => ~i, var i => i };
            var start = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _calls);
            try
            {
                var value = (await coalescer.RunAsync(key, ct => WorkAsync(key, workMs, ct))).Split('|');
                Interlocked.Add(ref _wrong, value[0] == key ? 0 : 1);
                Interlocked.Add(ref _stale, long.Parse(value[1], System.Globalization.CultureInfo.InvariantCulture) >= start ? 0 : 1);
            }
            catch (Exception exception)
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _firstFailure, exception.GetType().Name, null);
            }

            var took = Stopwatch.GetTimestamp() - start;
            for (var max = Interlocked.Read(ref _maxTicks); took > max; max = Interlocked.Read(ref _maxTicks))
            {
                Interlocked.CompareExchange(ref _maxTicks, took, max);
            }

            await Task.Delay(random.Next(1, 10)); // a little think time, so four processes leave the machine some CPU
        }
    }

    private async Task<string> WorkAsync(string key, int workMs, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _executions);
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(workMs, cancellationToken);
        var end = Stopwatch.GetTimestamp();
        write($"exec {key} {start} {end}");
        return $"{key}|{end}";
    }

    // Cumulative probabilities of keys k0..k{n-1} with weights 1/(rank+1): Zipf with exponent 1.
    private static double[] Zipf(int keys)
    {
        var weights = Enumerable.Range(1, keys).Select(rank => 1.0 / rank).ToArray();
        var total = weights.Sum();
        var cumulative = new double[keys];
        var sum = 0.0;
        for (var i = 0; i < keys; i++)
        {
            sum += weights[i] / total;
            cumulative[i] = sum;
        }

        cumulative[^1] = 1.0;
        return cumulative;
    }
}
