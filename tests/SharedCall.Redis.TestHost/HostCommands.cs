using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace SharedCall.Redis.TestHost;

/// <summary>
/// The line protocol between a test and this process. In (stdin):
/// <code>
/// burst &lt;key&gt; &lt;callers&gt;      that many concurrent callers of key; this process's work of key waits for "release key"
/// release &lt;key&gt;               lets this process's work of key return (at once, if it starts later)
/// soak &lt;seconds&gt; &lt;callers&gt; &lt;keys&gt; &lt;seed&gt; &lt;work ms&gt;   callers loop over Zipf-distributed keys (see Soak)
/// exit
/// </code>
/// Out (stdout): <c>ready &lt;pid&gt;</c> once connected; <c>started &lt;key&gt;</c> when this process's work of a key
/// begins; <c>joined &lt;key&gt; leads|waits</c> when every caller of a burst waits, on this process's execution or on
/// another process's; <c>result &lt;key&gt; ok=&lt;n&gt; failed=&lt;n&gt; values=&lt;distinct values&gt;</c> when they
/// all finished; the soak's lines; <c>error &lt;message&gt;</c>. A closed stdin (the test died) ends the process.
/// </summary>
internal sealed class HostCommands(Coalescer coalescer, IConnectionMultiplexer connection)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, bool> _started = new();
    private readonly Func<long> _remoteWaits = RemoteWaitsOf(coalescer);

    public async Task RunAsync(TextReader input)
    {
        await UntilAsync(() => connection.IsConnected, "the connection to Redis");
        Write($"ready {Environment.ProcessId}");
        while (await input.ReadLineAsync() is { } line && line != "exit")
        {
            var word = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (word)
            {
                case ["burst", var key, var callers]:
                    _ = Report(BurstAsync(key, Number(callers)));
                    break;
                case ["release", var key]:
                    Gate(key).TrySetResult();
                    break;
                case ["soak", var seconds, var callers, var keys, var seed, var workMs]:
                    _ = Report(new Soak(coalescer, Write).RunAsync(Number(seconds), Number(callers), Number(keys), Number(seed), Number(workMs)));
                    break;
                default:
                    Write($"error unknown command: {line}");
                    break;
            }
        }
    }

    public static void Write(string line) => Console.Out.WriteLine(line);

    private async Task BurstAsync(string key, int callers)
    {
        var (hits, waits) = (coalescer.GetStats().Hits, _remoteWaits());
        var calls = Enumerable.Range(0, callers).Select(_ => coalescer.RunAsync(key, ct => GatedWorkAsync(key, ct))).ToList();

        // Every caller but the first joined the local leader, which runs the work here or waits in Redis.
        await UntilAsync(
            () => coalescer.GetStats().Hits - hits >= callers - 1 && (_started.ContainsKey(key) || _remoteWaits() > waits),
            "the burst's callers to wait");
        Write($"joined {key} {(_started.ContainsKey(key) ? "leads" : "waits")}");

        var values = new SortedSet<string>(StringComparer.Ordinal);
        var failed = 0;
        foreach (var call in calls)
        {
            try
            {
                values.Add(await call);
            }
            catch (Exception exception)
            {
                failed++;
                values.Add(exception.GetType().Name);
            }
        }

        Write($"result {key} ok={callers - failed} failed={failed} values={string.Join(',', values)}");
    }

    private async Task<string> GatedWorkAsync(string key, CancellationToken cancellationToken)
    {
        _started[key] = true;
        Write($"started {key}");
        await Gate(key).Task.WaitAsync(cancellationToken);
        return $"{key}@{Environment.ProcessId}";
    }

    private TaskCompletionSource Gate(string key) =>
        _gates.GetOrAdd(key, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(5);
        }
    }

    private static async Task Report(Task command)
    {
        try
        {
            await command;
        }
        catch (Exception exception)
        {
            Write($"error {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    // How many times this process's leader waited for another process: internal to SharedCall.Redis (its tests read it
    // directly); this separate program reads it by name, and says so loudly if it is renamed.
    private static Func<long> RemoteWaitsOf(Coalescer coalescer)
    {
        var remote = coalescer.RemoteCoalescing ?? throw new InvalidOperationException("No Redis level.");
        var waits = remote.GetType().GetProperty("Waits") ?? throw new InvalidOperationException($"{remote.GetType()} has no Waits count any more.");
        return () => (long)waits.GetValue(remote)!;
    }
}
