using System.Diagnostics;
using System.Globalization;

namespace SharedCall.Redis.TestHost;

/// <summary>
/// Callers that loop until a deadline, each call on a key drawn from a Zipf distribution (a few hot keys, a long tail).
/// Times are Stopwatch timestamps: monotonic, and shared by the processes of one machine. Printed at the end:
/// <c>exec &lt;key&gt; &lt;execution&gt; &lt;start&gt; &lt;end&gt;</c> for every execution here (execution: pid.n, also the
/// result's id); <c>got &lt;execution&gt; &lt;first call's start&gt; &lt;last call's start&gt; &lt;first return&gt;</c> for every
/// result the callers here got; then <c>soak calls= failed= wrong= maxms= executions= leaders= firstfailure=</c>
/// (wrong: a result of another key; leaders: this process's local leaders, i.e. its in-process flights).
/// </summary>
internal sealed class Soak(Coalescer coalescer, Action<string> write)
{
    private readonly Dictionary<string, (long FirstStart, long LastStart, long FirstReturn)> _got = new(StringComparer.Ordinal);
    private readonly List<string> _executed = [];
    private long _calls;
    private long _failed;
    private long _wrong;
    private long _executions;
    private long _maxTicks;
    private string? _firstFailure;

    public async Task RunAsync(int seconds, int callers, int keys, int seed, int workMs)
    {
        var zipf = Zipf(keys);
        var leaders = coalescer.GetStats().Misses;
        var deadline = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(i => CallLoopAsync(new Random((seed * 1000) + i), zipf, workMs, deadline)));
        _executed.ForEach(write);
        foreach (var (execution, got) in _got)
        {
            write($"got {execution} {got.FirstStart} {got.LastStart} {got.FirstReturn}");
        }

        write(
            $"soak calls={_calls} failed={_failed} wrong={_wrong} maxms={Stopwatch.GetElapsedTime(0, _maxTicks).TotalMilliseconds:F0} " +
            $"executions={_executions} leaders={coalescer.GetStats().Misses - leaders} firstfailure={_firstFailure ?? "none"}");
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
                Got(value[1], start, Stopwatch.GetTimestamp());
                Interlocked.Add(ref _wrong, value[0] == key ? 0 : 1);
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

    private void Got(string execution, long start, long returned)
    {
        lock (_got)
        {
            _got[execution] = _got.TryGetValue(execution, out var got)
                ? (Math.Min(got.FirstStart, start), Math.Max(got.LastStart, start), Math.Min(got.FirstReturn, returned))
                : (start, start, returned);
        }
    }

    private async Task<string> WorkAsync(string key, int workMs, CancellationToken cancellationToken)
    {
        var execution = $"{Environment.ProcessId}.{Interlocked.Increment(ref _executions)}";
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(workMs, cancellationToken);
        lock (_got)
        {
            _executed.Add(string.Create(CultureInfo.InvariantCulture, $"exec {key} {execution} {start} {Stopwatch.GetTimestamp()}"));
        }

        return $"{key}|{execution}";
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
