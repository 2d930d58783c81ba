using SharedCall.Advanced;
using SharedCall.Internal;

namespace SharedCall.Tests;

/// <summary>
/// The in-memory flight table as a unit: keys with colliding hashes (one bucket, one stripe), removal from each place
/// in a bucket's chain, growth, clearing, and keys whose Equals throws.
/// </summary>
public class FlightTableTests
{
    [Test]
    public void A_lookup_finds_the_flight_of_an_equal_key_that_is_another_object()
    {
        var (table, scope) = FlightTableSupport.NewTable();
        var flight = table.Added(scope, new CollidingKey(1));

        Assert.That(table.Find(new CollidingKey(1)), Is.SameAs(flight));
        Assert.That(table.Remove(new FlightKey(new CollidingKey(1))), Is.True);
        Assert.That(table.Count, Is.Zero);
    }

    [Test]
    public void Keys_with_the_same_hash_are_separate_entries_and_an_equal_key_is_refused()
    {
        var (table, scope) = FlightTableSupport.NewTable();
        var one = table.Added(scope, new CollidingKey(1));
        var two = table.Added(scope, new CollidingKey(2));
        var three = table.Added(scope, new CollidingKey(3));

        Assert.That(table.TryAdd(scope.NewFlight(new CollidingKey(2))), Is.False, "an equal key is already in the table");
        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.EqualTo(3));
            Assert.That(table.Find(new CollidingKey(1)), Is.SameAs(one));
            Assert.That(table.Find(new CollidingKey(2)), Is.SameAs(two));
            Assert.That(table.Find(new CollidingKey(3)), Is.SameAs(three));
            Assert.That(table.Find(new CollidingKey(4)), Is.Null, "same hash, but equal to no entry");
            Assert.That(table.Find(new CollidingKey(1, hash: 43)), Is.Null, "equal to an entry, but another hash");
        });
    }

    // The bucket's chain is newest first: 3 (head), 2 (middle), 1 (tail).
    [TestCase(3, TestName = "Removing_the_head_of_a_bucket_chain_keeps_the_rest")]
    [TestCase(2, TestName = "Removing_the_middle_of_a_bucket_chain_keeps_the_rest")]
    [TestCase(1, TestName = "Removing_the_tail_of_a_bucket_chain_keeps_the_rest")]
    public void Removing_from_a_bucket_chain_keeps_the_rest(int removed)
    {
        var (table, scope) = FlightTableSupport.NewTable();
        var flights = Enumerable.Range(1, 3).ToDictionary(id => id, id => table.Added(scope, new CollidingKey(id)));

        Assert.That(table.TryRemove(flights[removed]), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.EqualTo(2));
            Assert.That(table.Find(new CollidingKey(removed)), Is.Null);
            Assert.That(flights[removed].Next, Is.Null, "a removed flight keeps no other flight alive");
            foreach (var (id, flight) in flights.Where(f => f.Key != removed))
            {
                Assert.That(table.Find(new CollidingKey(id)), Is.SameAs(flight), $"key {id}");
            }

            Assert.That(table.TryRemove(flights[removed]), Is.False, "it is gone already");
        });

        foreach (var (id, flight) in flights.Where(f => f.Key != removed))
        {
            Assert.That(table.Remove(new FlightKey(new CollidingKey(id))), Is.True);
        }

        Assert.That(table.Count, Is.Zero);
        Assert.That(table.Added(scope, new CollidingKey(removed)), Is.Not.Null, "the table is usable after emptying a bucket");
    }

    [Test]
    public void Removing_a_flight_never_removes_a_successor_with_an_equal_key()
    {
        var (table, scope) = FlightTableSupport.NewTable();
        var forgotten = table.Added(scope, new CollidingKey(1));
        table.Added(scope, new CollidingKey(2));
        Assert.That(table.Remove(new FlightKey(new CollidingKey(1))), Is.True);
        var successor = table.Added(scope, new CollidingKey(1));

        Assert.That(table.TryRemove(forgotten), Is.False);
        Assert.That(table.Find(new CollidingKey(1)), Is.SameAs(successor));
        Assert.That(table.Count, Is.EqualTo(2));
    }

    [Test]
    public void Remove_by_key_removes_only_the_equal_key_among_colliding_ones()
    {
        var (table, scope) = FlightTableSupport.NewTable();
        var one = table.Added(scope, new CollidingKey(1));
        table.Added(scope, new CollidingKey(2));
        var three = table.Added(scope, new CollidingKey(3));

        Assert.That(table.Remove(new FlightKey(new CollidingKey(2))), Is.True);
        Assert.That(table.Remove(new FlightKey(new CollidingKey(2))), Is.False);
        Assert.That(table.Remove(new FlightKey(new CollidingKey(4))), Is.False, "same hash, no equal key");
        Assert.That(table.Remove(new FlightKey(new CollidingKey(1, hash: 43))), Is.False, "equal key, another hash");
        Assert.That(table.Find(new CollidingKey(1)), Is.SameAs(one));
        Assert.That(table.Find(new CollidingKey(3)), Is.SameAs(three));
        Assert.That(table.Count, Is.EqualTo(2));
    }

    [Test]
    public void The_table_grows_to_two_flights_per_bucket_and_finds_every_key_after_growing()
    {
        // Sequential ints hash to themselves, so they spread evenly over the stripes whatever their number.
        const int Keys = 4096;
        var (table, scope) = FlightTableSupport.NewTable();
        var initialBuckets = table.BucketCount();
        var flights = Enumerable.Range(0, Keys).Select(i => table.Added(scope, i)).ToArray();

        AssertSized(table, Keys);
        Assert.That(Enumerable.Range(0, Keys).All(i => ReferenceEquals(table.Find(i), flights[i])), Is.True, "every key is found");

        foreach (var flight in flights.Where((_, i) => i % 2 == 0))
        {
            Assert.That(table.TryRemove(flight), Is.True);
        }

        Assert.That(table.Count, Is.EqualTo(Keys / 2));
        Assert.That(Enumerable.Range(0, Keys).All(i => ReferenceEquals(table.Find(i), i % 2 == 0 ? null : flights[i])), Is.True);

        table.Clear();
        Assert.That(table.BucketCount(), Is.EqualTo(initialBuckets), "clearing gives the memory back");
        Assert.That(flights.All(f => f.Next is null), Is.True, "cleared flights keep no other flight alive");
        for (var i = 0; i < Keys; i++)
        {
            table.Added(scope, -i);
        }

        AssertSized(table, Keys);
    }

    [Test]
    public void Clear_empties_the_table_and_leaves_it_usable()
    {
        var (table, scope) = FlightTableSupport.NewTable();
        var flights = Enumerable.Range(1, 3).Select(id => table.Added(scope, new CollidingKey(id))).ToArray();

        table.Clear();
        Assert.Multiple(() =>
        {
            Assert.That(table.Count, Is.Zero);
            Assert.That(table.Find(new CollidingKey(1)), Is.Null);
            Assert.That(flights.Select(f => table.TryRemove(f)), Is.All.False);
        });

        var again = table.Added(scope, new CollidingKey(1));
        Assert.That(table.Find(new CollidingKey(1)), Is.SameAs(again));
        Assert.That(table.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_throwing_Equals_fails_only_that_operation_and_leaves_the_stripe_unlocked()
    {
        var (table, scope) = FlightTableSupport.NewTable();
        var bad = table.Added(scope, new ThrowingCollidingKey());
        var good = table.Added(scope, new CollidingKey(1));

        // The caller's key is the one whose Equals runs: a stored bad key never fails other keys' operations...
        Assert.Multiple(() =>
        {
            Assert.That(table.Find(new CollidingKey(1)), Is.SameAs(good));
            Assert.That(table.TryAdd(scope.NewFlight(new CollidingKey(1))), Is.False, "an equal key is refused");
            Assert.That(table.Remove(new FlightKey(new CollidingKey(2))), Is.False);
        });

        // ...while a bad caller's key fails its own lookup, add and removal by key, changing nothing.
        Assert.Multiple(() =>
        {
            Assert.That(() => table.Find(new ThrowingCollidingKey()), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => table.TryAdd(scope.NewFlight(new ThrowingCollidingKey())), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => table.Remove(new FlightKey(new ThrowingCollidingKey())), Throws.TypeOf<NotSupportedException>());
        });
        Assert.That(table.Count, Is.EqualTo(2), "nothing changed");

        // From another thread, so it is not the thread that held the lock: the stripe of the bad key must be free again.
        var removed = await Task.Run(() => table.TryRemove(good) && table.TryRemove(bad)).Bounded();
        Assert.That(removed, Is.True, "removing a flight compares no keys");
        Assert.That(table.Count, Is.Zero);
    }

    // Run compares the key under the add's stripe lock; Forget compares it only under the removal's. Either way the
    // stripe must know its owner before the key's Equals runs, or that Equals asking for the same stripe would spin.
    [TestCase("Run")]
    [TestCase("Forget")]
    public async Task A_key_whose_Equals_calls_the_same_coalescer_fails_that_call_instead_of_hanging(string entry)
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var inFlight = coalescer.RunAsync(new CollidingKey(1), _ => gate.Task);

        var reentrant = new CallbackCollidingKey(() => coalescer.Run(new CollidingKey(3), () => 3));
        var call = Task.Run(() =>
        {
            if (entry == "Run")
            {
                coalescer.Run(reentrant, () => 0);
            }
            else
            {
                coalescer.Forget(reentrant);
            }
        });
        Assert.That(async () => await call.Bounded(), Throws.InvalidOperationException.With.Message.Contains("Equals"));

        // Nothing is left locked or behind: the stripe takes new flights, and the first one still completes.
        Assert.That(await Task.Run(() => coalescer.Run(new CollidingKey(4), () => 4)).Bounded(), Is.EqualTo(4));
        gate.SetResult(1);
        Assert.That(await inFlight.Bounded(), Is.EqualTo(1));
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task A_key_whose_Equals_calls_ForgetAll_fails_that_call_and_leaves_every_stripe_free()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var inFlight = coalescer.RunAsync(new CollidingKey(1), _ => gate.Task);

        // The first comparison is the lock-free lookup; the second, under the add's stripe lock, calls ForgetAll, which
        // takes every stripe in order and meets the one the add holds: the stripes it took must be released.
        var comparisons = 0;
        var reentrant = new CallbackCollidingKey(() =>
        {
            if (++comparisons == 2)
            {
                coalescer.ForgetAll();
            }
        });
        Assert.That(() => coalescer.Run(reentrant, () => 0), Throws.InvalidOperationException.With.Message.Contains("Equals"));

        var stripes = FlightTableSupport.TableOf(coalescer).Stripes().Length;
        var results = await Task.Run(() => Enumerable.Range(0, stripes).Select(i => coalescer.Run(new CollidingKey(i, hash: i), () => i)).ToArray()).Bounded();
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, stripes).ToArray()), "a key in every stripe");
        gate.SetResult(1);
        Assert.That(await inFlight.Bounded(), Is.EqualTo(1));
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public void Every_bucket_is_guarded_by_exactly_one_stripe()
    {
        // A bucket's writers must all take the same lock: the bucket count is a multiple of the stripe count (both
        // powers of two), from the start, after growing and after clearing.
        var (table, scope) = FlightTableSupport.NewTable();
        var stripes = table.Stripes().Length;
        Assert.That(table.BucketCount(), Is.GreaterThanOrEqualTo(stripes));
        Assert.That(table.BucketCount() % stripes, Is.Zero);
        for (var i = 0; i < 64 * stripes; i++)
        {
            table.Added(scope, i);
        }

        Assert.That(table.BucketCount() % stripes, Is.Zero);
        table.Clear();
        Assert.That(table.BucketCount(), Is.GreaterThanOrEqualTo(stripes));
        Assert.That(table.BucketCount() % stripes, Is.Zero);
    }

    [Test]
    public void Clear_waits_for_a_write_in_progress_and_then_removes_its_flight()
    {
        var (table, scope) = FlightTableSupport.NewTable();
        table.Added(scope, new CollidingKey(1));
        using var comparing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // The writer holds its stripe while its key's Equals runs: that is the write in progress Clear must wait for.
        var added = false;
        var blocking = new CallbackCollidingKey(() =>
        {
            comparing.Set();
            release.Wait(Bounded.Timeout);
        });
        var writing = new Thread(() => added = table.TryAdd(scope.NewFlight(blocking)));
        var clearing = new Thread(table.Clear);
        writing.Start();
        try
        {
            Assert.That(comparing.Wait(Bounded.Timeout), Is.True, "the writer compares keys under its stripe's lock");
            clearing.Start();
            FlightTableSupport.WaitUntilBlockedOrDone(clearing);
        }
        finally
        {
            release.Set();
        }

        Assert.That(writing.Join(Bounded.Timeout) && clearing.Join(Bounded.Timeout), Is.True);
        Assert.That(added, Is.True);
        Assert.That(table.Count, Is.Zero, "Clear ran after the write, not beside it");
        Assert.That(table.Find(new CollidingKey(1)), Is.Null);
    }

    [Test]
    public void Two_writers_that_both_find_the_table_full_grow_it_once()
    {
        var (table, scope) = FlightTableSupport.NewTable();
        var stripes = table.Stripes();
        var initialBuckets = table.BucketCount();
        var perStripe = initialBuckets / stripes.Length * 2;

        // Fill stripes 1 and 2 to their budget; the next flight of each makes its writer grow the table.
        var keys = Enumerable.Range(0, perStripe).SelectMany(i => new[] { 1 + (i * stripes.Length), 2 + (i * stripes.Length) }).ToList();
        keys.ForEach(k => table.Added(scope, k));
        var last = new[] { 1 + (perStripe * stripes.Length), 2 + (perStripe * stripes.Length) };
        var writers = last.Select(k => new Thread(() => table.Added(scope, k))).ToArray();

        // Holding stripe 0 stops both writers inside Grow, each having seen the same bucket array.
        using (FlightTableSupport.Hold(stripes[0]))
        {
            foreach (var writer in writers)
            {
                writer.Start();
                FlightTableSupport.WaitUntilBlockedOrDone(writer);
            }
        }

        Assert.That(writers.All(w => w.Join(Bounded.Timeout)), Is.True);
        keys.AddRange(last);
        Assert.That(table.BucketCount(), Is.EqualTo(initialBuckets * 2), "the second writer found the table grown already");
        Assert.That(table.Count, Is.EqualTo(keys.Count));
        Assert.That(keys.Where(k => table.Find(k) is null), Is.Empty);
    }

    private static void AssertSized(InMemoryFlightTable table, int keys)
    {
        Assert.That(table.Count, Is.EqualTo(keys));

        // Evenly spread keys fill every bucket with exactly two flights, the load at which the table has not doubled yet
        // (4 B of bucket per flight); one more flight per stripe would double it.
        Assert.That(table.BucketCount(), Is.EqualTo(keys / 2));
        Assert.That(table.BucketCount() % table.Stripes().Length, Is.Zero, "each bucket is guarded by one stripe");
    }
}
