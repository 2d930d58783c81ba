using System.Diagnostics;
using System.Globalization;

namespace SharedCall.Interception.Tests.Reliability;

/// <summary>
/// Seeded stress with fault injection through a real proxy: random calls of every return shape from 2 to 64
/// workers, over small and large key spaces, against targets that throw, fault, cancel or ignore their token, from
/// callers that cancel at random points, while Forget, ForgetAll and ResetStats run in between.
/// Reproduce a failure with SHAREDCALL_STRESS_SEED=&lt;seed&gt;; SHAREDCALL_STRESS_LONG=1 runs ten times as many calls.
/// </summary>
[NonParallelizable]
public class StressTests
{
    private const int Operations = 120_000;
    private const int Rounds = 12;
    private static readonly int[] s_workers = [2, 64, 4, 32, 8, 16];
    private static readonly int[] s_keySpaces = [1, 1_000_000, 8, 10_000, 64];
    private static readonly TimeSpan s_roundTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Random_calls_with_faults_cancellations_and_forgets_keep_every_invariant()
    {
        var seed = Environment.GetEnvironmentVariable("SHAREDCALL_STRESS_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var scale = Environment.GetEnvironmentVariable("SHAREDCALL_STRESS_LONG") == "1" ? 10 : 1;
        var coalescer = new Coalescer();
        var target = new StressTarget();
        var proxy = CoalescingProxy.Create<IStressService>(target, coalescer);
        var ledger = new StressLedger();
        var caller = new StressCaller(proxy, target, ledger);
        var totals = new StressTotals();
        var clock = Stopwatch.StartNew();

        for (var round = 0; round < Rounds; round++)
        {
            var workers = s_workers[round % s_workers.Length];
            var keySpace = s_keySpaces[round % s_keySpaces.Length];
            var resetsStats = round % 3 == 2;
            var where = $"seed {seed}, round {round} ({workers} workers, {keySpace} keys{(resetsStats ? ", ResetStats interleaved" : string.Empty)})";
            ledger.ResetCounts();
            target.ResetCounts();
            coalescer.ResetStats();

            using var stop = new CancellationTokenSource();
            var chaos = Task.Run(() => ChaosAsync(new Random(unchecked((seed * 7919) + round)), coalescer, keySpace, resetsStats, stop.Token));
            var perWorker = Operations * scale / Rounds / workers;
            var calls = Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
            {
                var random = new Random(unchecked(seed + (round * 1000) + worker));
                for (var i = 0; i < perWorker; i++)
                {
                    await caller.CallAsync(random, keySpace);
                }
            })));
            if (await Task.WhenAny(calls, Task.Delay(s_roundTimeout)) != calls)
            {
                Assert.Fail($"{where}: only {ledger.Completions} of {ledger.Calls} calls completed after {s_roundTimeout.TotalSeconds} s (a hang)");
            }

            await calls;
            await stop.CancelAsync();
            await chaos;
            await QuiesceAsync(coalescer, target, where);
            CheckCounters(coalescer, target, ledger, resetsStats, where);
            totals.Add(ledger, coalescer.GetStats(), workers, resetsStats);
            target.Executions.Clear();
            target.CancelledBy.Clear();
        }

        var summary = totals.Describe(seed, clock.Elapsed);
        TestContext.Out.WriteLine(summary);
        Assert.That(
            ledger.ViolationCount,
            Is.Zero,
            $"seed {seed} (rerun with SHAREDCALL_STRESS_SEED={seed}): {summary}{Environment.NewLine}{string.Join(Environment.NewLine, ledger.FirstViolations)}");
    }

    private static async Task ChaosAsync(Random random, Coalescer coalescer, int keySpace, bool resetsStats, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var key = random.Next(keySpace);
            var mode = random.Next(StressTarget.SyncModes);
            switch (random.Next(8))
            {
                case 0:
                    coalescer.Forget("task:" + key.ToString(CultureInfo.InvariantCulture));
                    break;
                case 1:
                    coalescer.Forget("valuetask:" + key.ToString(CultureInfo.InvariantCulture));
                    break;
                case 2:
                    coalescer.Forget(CallKey.Of<IStressService>(s => s.Value(key, mode)));
                    break;
                case 3:
                    coalescer.Forget(CallKey.Of<IStressService>(s => s.ValueWithToken(key, mode, default)));
                    break;
                case 4:
                    coalescer.Forget(CallKey.Of<IStressService>(s => s.Void(key, mode)));
                    break;
                case 5:
                    coalescer.ForgetAll();
                    break;
                case 6 when resetsStats:
                    coalescer.ResetStats();
                    break;
            }

            await Task.Delay(1, CancellationToken.None);
        }
    }

    private static async Task QuiesceAsync(Coalescer coalescer, StressTarget target, string where)
    {
        var deadline = Stopwatch.StartNew();
        while (target.Running != 0 || coalescer.GetStats().Active != 0 || coalescer.InFlightCount != 0)
        {
            if (deadline.Elapsed > Bounded.Timeout)
            {
                Assert.Fail($"{where}: not quiescent after {Bounded.Timeout.TotalSeconds} s: {target.Running} target runs, " +
                    $"Active {coalescer.GetStats().Active}, {coalescer.InFlightCount} keys in flight");
            }

            await Task.Delay(1);
        }
    }

    private static void CheckCounters(Coalescer coalescer, StressTarget target, StressLedger ledger, bool resetsStats, string where)
    {
        var stats = coalescer.GetStats();
        var reached = ledger.Calls - ledger.Precancelled;
        Assert.Multiple(() =>
        {
            Assert.That(ledger.Completions, Is.EqualTo(ledger.Calls), $"{where}: every caller completes exactly once");
            Assert.That(stats.Active, Is.Zero, where);
            Assert.That(coalescer.InFlightCount, Is.Zero, $"{where}: the table is empty at quiescence");
            if (resetsStats)
            {
                // ResetStats ran while calls were counted: only upper bounds hold.
                Assert.That(stats.Misses, Is.LessThanOrEqualTo(target.Invocations), where);
                Assert.That(stats.Hits + stats.Misses, Is.LessThanOrEqualTo(reached), where);
                Assert.That(stats.Errors, Is.LessThanOrEqualTo(target.Failed), where);
                return;
            }

            Assert.That(stats.Misses, Is.EqualTo(target.Invocations), $"{where}: target invocations == Misses");
            var operations = coalescer.GetOperationStats().Values;
            Assert.That(operations.Sum(o => o.Misses), Is.EqualTo(stats.Misses), $"{where}: per-method Misses add up");
            Assert.That(operations.Sum(o => o.Hits), Is.EqualTo(stats.Hits), $"{where}: per-method Hits add up");
            Assert.That(operations.Sum(o => o.Errors), Is.EqualTo(stats.Errors), $"{where}: per-method Errors add up");
            Assert.That(operations.Sum(o => o.Canceled), Is.EqualTo(stats.Canceled), $"{where}: per-method Canceled add up");

            // An execution every caller abandoned counts as Canceled whatever its work then did, never as an error.
            Assert.That(target.Failed, Is.InRange(stats.Errors, stats.Errors + stats.Canceled), $"{where}: Errors <= failed executions <= Errors + Canceled");
            Assert.That(stats.Errors + stats.Canceled, Is.LessThanOrEqualTo(stats.Misses), $"{where}: an execution ends one way");

            // A blocked caller cancelled by a timer may be cancelled before it reaches the table: the only slack.
            Assert.That(stats.Hits + stats.Misses, Is.InRange(reached - ledger.RacyCancellations, reached), $"{where}: Hits + Misses == callers that reached the table");
        });
    }
}
