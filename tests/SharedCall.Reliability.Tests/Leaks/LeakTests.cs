using System.Runtime.CompilerServices;
using SharedCall.Reliability.Tests.Stress;

namespace SharedCall.Reliability.Tests.Leaks;

/// <summary>
/// After very many calls with cancellations and failures, the coalescer (kept alive) holds on to nothing: no key,
/// no result, no exception, no registration on a long-lived token.
/// </summary>
public class LeakTests
{
    private static int Calls => StressSettings.LeakCalls;

    [Test]
    public async Task Keys_results_and_exceptions_are_collected_after_many_calls_with_cancellations_and_failures()
    {
        var coalescer = new Coalescer();
        using var longLived = new CancellationTokenSource();
        var probe = new LeakProbe();

        await RunCallsAsync(coalescer, probe, longLived.Token);

        Assert.Multiple(() =>
        {
            Assert.That(probe.Tracked, Is.GreaterThan(Calls / 1_000));
            Assert.That(probe.Survivors(), Is.Zero, "keys, results or exceptions survived a full GC");
            Assert.That(coalescer.InFlightCount, Is.Zero);
            Assert.That(coalescer.GetStats().Active, Is.Zero);
            Assert.That(LeakProbe.RegistrationCount(longLived), Is.Zero.Or.Null);
        });
        GC.KeepAlive(coalescer);
    }

    [Test]
    public async Task A_long_lived_token_keeps_no_registration_of_calls_that_ended()
    {
        var coalescer = new Coalescer();
        using var longLived = new CancellationTokenSource();
        var gate = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The probe sees a registration when there is one.
        using (longLived.Token.Register(static () => { }))
        {
            Assert.That(LeakProbe.RegistrationCount(longLived), Is.EqualTo(1).Or.Null);
        }

        // Warm up, then measure: every joiner registers on the long-lived token; completion must unregister it.
        await JoinManyAsync(coalescer, 1_000, longLived.Token);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await JoinManyAsync(coalescer, Calls, longLived.Token);
        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;

        TestContext.Out.WriteLine($"{Calls} calls on one token: heap growth {growth:N0} bytes, registrations left {LeakProbe.RegistrationCount(longLived)}");
        Assert.Multiple(() =>
        {
            Assert.That(LeakProbe.RegistrationCount(longLived), Is.Zero.Or.Null, "registrations left on the token");
            Assert.That(growth, Is.LessThan(4_000_000), "the heap grew with the number of calls");
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
        GC.KeepAlive(gate);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task RunCallsAsync(Coalescer coalescer, LeakProbe probe, CancellationToken longLived)
    {
        const int Batch = 100;
        for (var i = 0; i < Calls / Batch; i++)
        {
            var track = i % 10 == 0;
            var key = new LeakKey(i);
            if (track)
            {
                probe.Track(key);
            }

            using var cancelled = new CancellationTokenSource();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var failing = i % 3 == 0;
            var tasks = new Task[Batch];
            tasks[0] = coalescer.RunAsync(key, async _ =>
            {
                await gate.Task;
                return failing ? throw (track ? probe.Track(new InvalidOperationException("boom")) : new InvalidOperationException("boom"))
                    : track ? probe.Track(new object()) : new object();
            }, CancellationToken.None);
            for (var c = 1; c < Batch; c++)
            {
                var token = (c % 3) switch { 0 => cancelled.Token, 1 => longLived, _ => CancellationToken.None };
                tasks[c] = c % 10 == 9
                    ? Task.Run(() => coalescer.Run(new LeakKey(key.Id), () => new object()))
                    : coalescer.RunAsync(new LeakKey(key.Id), _ => Task.FromResult(new object()), token);
            }

            await cancelled.CancelAsync();
            gate.SetResult();
            try
            {
                await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
            {
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task JoinManyAsync(Coalescer coalescer, int calls, CancellationToken token)
    {
        const int Batch = 1_000;
        for (var i = 0; i < calls / Batch; i++)
        {
            var gate = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = new Task<object>[Batch];
            tasks[0] = coalescer.RunAsync("key", _ => gate.Task, token);
            for (var c = 1; c < Batch; c++)
            {
                tasks[c] = coalescer.RunAsync("key", _ => Task.FromResult(new object()), token);
            }

            gate.SetResult(new object());
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }
    }

    private sealed record LeakKey(int Id);
}
