namespace SharedCall.Tests;

/// <summary>
/// Coalescing through the public API when the table is put to work: keys with colliding hashes, Forget and ForgetAll
/// among them, racing leaders, and growth while callers join executions in flight.
/// </summary>
public class CollidingKeyTests
{
    [Test]
    public async Task Keys_with_the_same_hash_run_separately_and_each_is_joined_by_equal_keys()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var executions = new int[4];
        Task<int> Call(int id) => coalescer.RunAsync(new CollidingKey(id), async _ =>
        {
            Interlocked.Increment(ref executions[id]);
            return id * await gate.Task;
        });

        var first = Enumerable.Range(1, 3).Select(Call).ToArray();
        var joined = Enumerable.Range(1, 3).Select(Call).ToArray();
        Assert.That(coalescer.InFlightCount, Is.EqualTo(3));
        gate.SetResult(10);

        Assert.That(await Task.WhenAll(first).Bounded(), Is.EqualTo(new[] { 10, 20, 30 }));
        Assert.That(await Task.WhenAll(joined).Bounded(), Is.EqualTo(new[] { 10, 20, 30 }));
        Assert.That(executions, Is.EqualTo(new[] { 0, 1, 1, 1 }));
        Assert.That(coalescer.InFlightCount, Is.Zero);
        Assert.That(coalescer.GetStats().Hits, Is.EqualTo(3));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Forget_of_one_colliding_key_leaves_the_others_in_flight(int forgotten)
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var calls = Enumerable.Range(1, 3).Select(id => coalescer.RunAsync(new CollidingKey(id), _ => gate.Task)).ToArray();

        Assert.That(coalescer.Forget(new CollidingKey(forgotten)), Is.True);
        Assert.That(coalescer.Forget(new CollidingKey(forgotten)), Is.False);
        Assert.That(coalescer.Forget(new CollidingKey(4)), Is.False, "a colliding key never in flight");

        var later = Enumerable.Range(1, 3).Select(id => coalescer.RunAsync(new CollidingKey(id), _ => Task.FromResult(-id))).ToArray();
        Assert.That(later[forgotten - 1].IsCompleted, Is.True, "the forgotten key started afresh");
        gate.SetResult(7);

        var expected = Enumerable.Range(1, 3).Select(id => id == forgotten ? -id : 7);
        Assert.That(await Task.WhenAll(later).Bounded(), Is.EqualTo(expected));
        Assert.That(await Task.WhenAll(calls).Bounded(), Is.All.EqualTo(7));
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task ForgetAll_forgets_every_colliding_key()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var calls = Enumerable.Range(1, 3).Select(id => coalescer.RunAsync(new CollidingKey(id), _ => gate.Task)).ToArray();

        coalescer.ForgetAll();
        Assert.That(coalescer.InFlightCount, Is.Zero);
        var later = Enumerable.Range(1, 3).Select(id => coalescer.RunAsync(new CollidingKey(id), _ => Task.FromResult(-id))).ToArray();
        Assert.That(await Task.WhenAll(later).Bounded(), Is.EqualTo(new[] { -1, -2, -3 }));

        // The forgotten executions end without touching the keys' later executions.
        var successor = coalescer.RunAsync(new CollidingKey(2), _ => Bounded.Gate<int>().Task);
        gate.SetResult(7);
        Assert.That(await Task.WhenAll(calls).Bounded(), Is.All.EqualTo(7));
        Assert.That(coalescer.InFlightCount, Is.EqualTo(1), "the successor is still in flight");
        Assert.That(coalescer.Forget(new CollidingKey(2)), Is.True);
        Assert.That(successor.IsCompleted, Is.False);
    }

    [Test]
    public async Task Leaders_racing_on_one_colliding_key_run_the_work_once()
    {
        const int Racers = 8;
        var coalescer = new Coalescer();
        for (var round = 0; round < 50; round++)
        {
            var gate = Bounded.Gate<int>();
            var executions = 0;
            using var start = new Barrier(Racers);
            // Dedicated threads: blocking pool threads on a barrier would wait for the pool to grow.
            var racers = Enumerable.Range(0, Racers).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait(Bounded.Timeout);
                    return coalescer.RunAsync(new CollidingKey(round % 3), _ =>
                    {
                        Interlocked.Increment(ref executions);
                        return gate.Task;
                    });
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();

            var calls = await Task.WhenAll(racers).Bounded();
            gate.SetResult(round);
            Assert.That(await Task.WhenAll(calls).Bounded(), Is.All.EqualTo(round));
            Assert.That(executions, Is.EqualTo(1), $"round {round}");
        }

        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task Callers_join_executions_in_flight_while_the_table_grows_around_them()
    {
        const int Held = 64;
        const int Others = 4096;
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var held = Enumerable.Range(0, Held).Select(i => coalescer.RunAsync(i, _ => gate.Task)).ToArray();
        var table = FlightTableSupport.TableOf(coalescer);
        var bucketsBefore = table.BucketCount();

        // One thread fills the table (it doubles several times) while others keep joining the held keys.
        var joining = 0;
        var filled = 0;
        var joiners = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var joined = new List<Task<int>>();
            Interlocked.Increment(ref joining);
            for (var round = 0; round < 1000 && Volatile.Read(ref filled) == 0; round++)
            {
                joined.AddRange(Enumerable.Range(0, Held).Select(i => coalescer.RunAsync<int>(i, _ => throw new AssertionException($"key {i} ran twice"))));
            }

            return joined;
        })).ToArray();
        var filling = Task.Run(async () =>
        {
            await Bounded.UntilAsync(() => Volatile.Read(ref joining) == 2, "the joiners run");
            var calls = Enumerable.Range(Held, Others).Select(i => coalescer.RunAsync(i, _ => gate.Task)).ToArray();
            Volatile.Write(ref filled, 1);
            return calls;
        });

        var others = await filling.Bounded();
        var joinedCalls = (await Task.WhenAll(joiners).Bounded()).SelectMany(j => j).ToArray();
        Assert.That(table.BucketCount(), Is.GreaterThan(bucketsBefore), "the table grew");
        Assert.That(coalescer.InFlightCount, Is.EqualTo(Held + Others));
        gate.SetResult(5);

        Assert.That(await Task.WhenAll(held.Concat(others).Concat(joinedCalls)).Bounded(), Is.All.EqualTo(5));
        Assert.That(coalescer.GetStats().Misses, Is.EqualTo(Held + Others), "every joiner found its execution");
        Assert.That(coalescer.InFlightCount, Is.Zero);
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public async Task The_table_is_empty_once_every_call_over_colliding_keys_has_ended()
    {
        var coalescer = new Coalescer();
        using var cancelled = new CancellationTokenSource();
        var gates = Enumerable.Range(0, 6).Select(_ => Bounded.Gate<int>()).ToArray();
        var calls = new List<Task<int>>();
        for (var i = 0; i < 60; i++)
        {
            var id = i % 6;
            calls.Add(i % 4 == 0
                ? Task.Factory.StartNew(() => coalescer.Run(new CollidingKey(id), () => gates[id].Task.Result), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : coalescer.RunAsync(new CollidingKey(id), _ => gates[id].Task, i % 5 == 0 ? cancelled.Token : default));
        }

        await Bounded.UntilAsync(() => coalescer.InFlightCount == 6, "every key is in flight");
        cancelled.Cancel();
        foreach (var (gate, id) in gates.Select((g, id) => (g, id)))
        {
            gate.SetResult(id);
        }

        await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default))).Bounded();
        Assert.That(coalescer.InFlightCount, Is.Zero);
        Assert.That(coalescer.GetStats().Active, Is.Zero);
        Assert.That(coalescer.RunAsync(new CollidingKey(0), _ => Task.FromResult(-1)).Result, Is.EqualTo(-1), "a new call starts afresh");
    }
}
