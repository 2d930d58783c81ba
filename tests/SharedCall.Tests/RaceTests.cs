namespace SharedCall.Tests;

/// <summary>
/// The core's races, run many times on real threads: join vs completion, Forget vs completion,
/// last-caller-cancels vs completion vs a new joiner. Each iteration checks the invariants.
/// </summary>
public class RaceTests
{
    private const int Iterations = 2_000;

    [Test]
    public async Task Join_vs_completion_every_caller_gets_an_outcome_and_the_counts_agree()
    {
        var coalescer = new Coalescer();
        var executions = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var gate = Bounded.Gate<int>();
            var value = i;
            Task<int> Call() => coalescer.RunAsync("k", _ =>
            {
                Interlocked.Increment(ref executions);
                return gate.Task;
            });

            var leader = Call();
            var completer = Task.Run(() => gate.SetResult(value));
            var joiner = Task.Run(Call);
            await completer.Bounded();
            var joined = await joiner.Bounded();

            Assert.That(await leader.Bounded(), Is.EqualTo(value));
            // The joiner either joined the execution or, arriving after it completed, started its own with the same gate.
            Assert.That(joined, Is.EqualTo(value));
        }

        var stats = coalescer.GetStats();
        Assert.That(stats.Misses, Is.EqualTo(executions));
        Assert.That(stats.Hits + stats.Misses, Is.EqualTo(2 * Iterations));
        Assert.That(stats.Active, Is.Zero);
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task Forget_vs_completion_never_leaves_an_entry_behind_or_evicts_a_successor()
    {
        var coalescer = new Coalescer();
        for (var i = 0; i < Iterations; i++)
        {
            var oldGate = Bounded.Gate<int>();
            var old = coalescer.RunAsync("k", _ => oldGate.Task);
            var forgetting = Task.Run(() => coalescer.Forget("k"));
            var completing = Task.Run(() => oldGate.SetResult(1));
            await Task.WhenAll(forgetting, completing).Bounded();
            Assert.That(await old.Bounded(), Is.EqualTo(1));
            Assert.That(coalescer.InFlightCount, Is.Zero, $"iteration {i}");

            // A successor started after a Forget survives the forgotten execution's completion.
            var staleGate = Bounded.Gate<int>();
            var stale = coalescer.RunAsync("k", _ => staleGate.Task);
            coalescer.Forget("k");
            var successorGate = Bounded.Gate<int>();
            var successor = coalescer.RunAsync("k", _ => successorGate.Task);
            await Task.Run(() => staleGate.SetResult(2)).Bounded();
            await stale.Bounded();
            Assert.That(coalescer.InFlightCount, Is.EqualTo(1), $"iteration {i}");
            successorGate.SetResult(3);
            await successor.Bounded();
        }

        Assert.That(coalescer.GetStats().Active, Is.Zero);
    }

    [Test]
    public async Task Last_caller_cancels_vs_completion_vs_a_new_joiner()
    {
        var coalescer = new Coalescer();
        var executions = 0;
        for (var i = 0; i < Iterations; i++)
        {
            using var source = new CancellationTokenSource();
            var gate = Bounded.Gate<int>();
            var workToken = CancellationToken.None;
            var leader = coalescer.RunAsync("k", token =>
            {
                Interlocked.Increment(ref executions);
                workToken = token;
                return gate.Task;
            }, source.Token);

            var cancelling = Task.Run(source.Cancel);
            var completing = Task.Run(() => gate.SetResult(1));
            var newcomer = Task.Run(() => coalescer.RunAsync("k", _ =>
            {
                Interlocked.Increment(ref executions);
                return Task.FromResult(2);
            }));
            await Task.WhenAll(cancelling, completing).Bounded();

            // The leader either got the result or its own cancellation: never a hang, never default.
            try
            {
                Assert.That(await leader.Bounded(), Is.EqualTo(1));
            }
            catch (OperationCanceledException exception)
            {
                Assert.That(exception.CancellationToken, Is.EqualTo(source.Token));
            }

            // The newcomer joined the live execution (1) or started a fresh one (2).
            Assert.That(await newcomer.Bounded(), Is.AnyOf(1, 2));
        }

        await Bounded.UntilAsync(() => coalescer.GetStats().Active == 0, "every execution ended");
        var stats = coalescer.GetStats();
        Assert.That(stats.Misses, Is.EqualTo(executions));
        Assert.That(stats.Hits + stats.Misses, Is.EqualTo(2 * Iterations));
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task Many_threads_on_few_keys_keep_every_invariant()
    {
        var coalescer = new Coalescer();
        var executions = new int[8];
        var overlapping = new int[8];
        var overlaps = 0;

        await Parallel.ForAsync(0, 40_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var key = i % 8;
            var result = await coalescer.RunAsync(key, async _ =>
            {
                if (Interlocked.Increment(ref overlapping[key]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                Interlocked.Increment(ref executions[key]);
                await Task.Yield();
                Interlocked.Decrement(ref overlapping[key]);
                return key * 10;
            }).Bounded();
            Assert.That(result, Is.EqualTo(key * 10));
        }).Bounded();

        var stats = coalescer.GetStats();
        Assert.That(overlaps, Is.Zero, "two executions of one key never overlap without a Forget");
        Assert.That(stats.Misses, Is.EqualTo(executions.Sum()));
        Assert.That(stats.Hits + stats.Misses, Is.EqualTo(40_000));
        Assert.That(stats.Active, Is.Zero);
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }
}
