using System.Numerics;
using System.Runtime.CompilerServices;

namespace SharedCall.Internal;

/// <summary>The in-process flight table: a hash table whose entries are the flights themselves.</summary>
/// <remarks>
/// <para>
/// A flight carries its key, hash and the link to the next flight of its bucket, so an execution costs no node and no
/// boxed key (a <c>ConcurrentDictionary</c> node is 48-56 B per execution). Lookups take no lock; writes lock one of a
/// few stripes, chosen by the low bits of the hash, which never change when the table grows; growing takes every stripe.
/// A stripe's lock is a spin lock (see <see cref="Stripe"/>): it guards a few loads and stores, and every leader takes it twice.
/// </para>
/// <para>
/// Lookups may miss an entry that a concurrent removal or growth is relinking; that is harmless, because the miss
/// only leads to <see cref="TryAdd"/>, which looks again under the lock and is the one authority. A lookup never
/// returns a flight removed before it started, and never loops: the links only ever form chains (see readme.md).
/// </para>
/// </remarks>
internal sealed class InMemoryFlightTable : IFlightTable
{
    // Flights per bucket on average before the table doubles: 2 keeps the bucket array at 4-8 B per flight.
    private const int LoadFactor = 2;

    private static long s_contendedEnters;

    private readonly Stripe[] _stripes;
    private readonly int _stripeMask;
    private readonly int _initialBuckets;
    private Bucket[] _buckets;
    private int _budget;

    public InMemoryFlightTable()
    {
        // Stryker disable once Arithmetic : the stripe count only spreads lock contention; every power of two behaves the same.
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Environment.ProcessorCount * 4, 8, 64));
        _stripes = new Stripe[stripes];
        for (var i = 0; i < stripes; i++)
        {
            _stripes[i] = new Stripe();
        }

        _stripeMask = stripes - 1;
        _initialBuckets = stripes * 2;
        _buckets = new Bucket[_initialBuckets];
        _budget = BudgetFor(_initialBuckets);
    }

    /// <summary>
    /// Gets how many times, in this process, a wait for a stripe's lock outlasted a short spin and gave up its core: the
    /// spin locks' counterpart of <see cref="Monitor.LockContentionCount"/>, which does not see them (the distinct-keys benchmark reports both).
    /// </summary>
    public static long ContendedEnters => Interlocked.Read(ref s_contendedEnters);

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var stripe in _stripes)
            {
                count += Volatile.Read(ref stripe.Count);
            }

            return count;
        }
    }

    // Comparisons call the caller's key's Equals, never a stored key's: a key whose Equals throws fails only its own
    // callers, not the callers of other keys that share its hash code.
    public Flight? Find(FlightKey key)
    {
        var buckets = Volatile.Read(ref _buckets);
        var hash = key.Hash;
        for (var candidate = Volatile.Read(ref buckets[hash & (buckets.Length - 1)].Head); candidate is not null; candidate = candidate.Next)
        {
            if (key.Matches(candidate.KeyValue, candidate.Hash))
            {
                return candidate;
            }
        }

        return null;
    }

    public bool TryAdd(Flight flight)
    {
        var hash = flight.Hash;
        var key = flight.Key;
        var stripe = _stripes[hash & _stripeMask];
        Bucket[] buckets;
        stripe.Enter();
        try
        {
            buckets = _buckets;
            ref var head = ref buckets[hash & (buckets.Length - 1)].Head;
            for (var entry = head; entry is not null; entry = entry.Next)
            {
                // A throwing Equals leaves through the lock's finally with nothing changed: it fails only this caller.
                if (entry.Hash == hash && stripe.KeyMatches(key, entry))
                {
                    return false;
                }
            }

            flight.SetNext(head);
            Volatile.Write(ref head, flight);
            if (++stripe.Count <= _budget)
            {
                return true;
            }
        }
        finally
        {
            stripe.Exit();
        }

        Grow(buckets);
        return true;
    }

    // Removing this flight, not whatever has its key, is what stops a forgotten execution that completes late from
    // evicting its successor (golang/go#31420); comparing by reference runs no user code.
    public bool TryRemove(Flight flight) => RemoveWhere(flight.Hash, new SameFlight(flight));

    public bool Remove(FlightKey key) => RemoveWhere(key.Hash, new EqualKey(key));

    public void Clear()
    {
        EnterAllStripes();
        try
        {
            foreach (var bucket in _buckets)
            {
                for (var entry = bucket.Head; entry is not null;)
                {
                    var next = entry.Next;
                    entry.SetNext(null);
                    entry = next;
                }
            }

            foreach (var stripe in _stripes)
            {
                stripe.Count = 0;
            }

            _budget = BudgetFor(_initialBuckets);
            Volatile.Write(ref _buckets, new Bucket[_initialBuckets]);
        }
        finally
        {
            ExitStripes(_stripes.Length);
        }
    }

    private bool RemoveWhere<TMatch>(int hash, TMatch match)
        where TMatch : struct, IMatch
    {
        var stripe = _stripes[hash & _stripeMask];
        stripe.Enter();
        try
        {
            var buckets = _buckets;
            ref var head = ref buckets[hash & (buckets.Length - 1)].Head;
            Flight? previous = null;
            for (var entry = head; entry is not null; previous = entry, entry = entry.Next)
            {
                if (entry.Hash != hash || !match.Matches(entry, stripe))
                {
                    continue;
                }

                var next = entry.Next;
                if (previous is null)
                {
                    Volatile.Write(ref head, next);
                }
                else
                {
                    previous.SetNext(next);
                }

                // A removed flight links to nothing: it cannot keep later flights alive, and a lookup standing on it
                // stops there (a miss, which TryAdd settles under the lock).
                entry.SetNext(null);
                stripe.Count--;
                return true;
            }
        }
        finally
        {
            stripe.Exit();
        }

        return false;
    }

    private void Grow(Bucket[] seen)
    {
        EnterAllStripes();
        try
        {
            if (!ReferenceEquals(_buckets, seen))
            {
                return;
            }

            // Stryker disable Equality,Statement,Block : reached only with 2^30 buckets (8 GB), which no test can allocate; and
            // bucket counts are powers of two, never equal to Array.MaxLength / 2, so > and >= are the same test.
            if (seen.Length > Array.MaxLength / 2)
            {
                _budget = int.MaxValue;
                return;
            }

            // Stryker restore Equality,Statement,Block

            // Relinked in place, then published: a lookup on the old array may wander into a chain of the new one and
            // miss, but every link points to a flight moved earlier, so it always reaches the end.
            var grown = new Bucket[seen.Length * 2];
            foreach (var bucket in seen)
            {
                for (var entry = bucket.Head; entry is not null;)
                {
                    var next = entry.Next;
                    ref var target = ref grown[entry.Hash & (grown.Length - 1)].Head;
                    entry.SetNext(target);
                    target = entry;
                    entry = next;
                }
            }

            _budget = BudgetFor(grown.Length);
            Volatile.Write(ref _buckets, grown);
        }
        finally
        {
            ExitStripes(_stripes.Length);
        }
    }

    // Growing and clearing hold every stripe, always taken in the same order, so two of them never deadlock. A stripe
    // this thread already holds (a key's Equals calling ForgetAll) throws: the stripes taken so far are released.
    private void EnterAllStripes()
    {
        var taken = 0;
        try
        {
            for (; taken < _stripes.Length; taken++)
            {
                _stripes[taken].Enter();
            }
        }
        catch
        {
            ExitStripes(taken);
            throw;
        }
    }

    private void ExitStripes(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _stripes[i].Exit();
        }
    }

    private int BudgetFor(int buckets) => buckets / _stripes.Length * LoadFactor;

    // Structs, so each removal is compiled with its comparison inlined.
    private interface IMatch
    {
        bool Matches(Flight entry, Stripe stripe);
    }

    private readonly struct SameFlight(Flight flight) : IMatch
    {
        public bool Matches(Flight entry, Stripe stripe) => ReferenceEquals(entry, flight);
    }

    private readonly struct EqualKey(FlightKey key) : IMatch
    {
        public bool Matches(Flight entry, Stripe stripe) => stripe.KeyMatches(key, entry);
    }

    // A struct around each chain's head: an array of a class that is not sealed would have every element reference
    // (ref buckets[i], Volatile.Read/Write) checked for array covariance, a helper call on every lookup and change.
    private struct Bucket
    {
#pragma warning disable SA1401, CA1051 // Read with Volatile.Read and written under the stripe's lock.
        public Flight? Head;
#pragma warning restore SA1401, CA1051
    }

    /// <summary>The lock of the buckets whose index has its low bits, and the count of their flights.</summary>
    /// <remarks>
    /// A spin lock, not <see cref="Monitor"/>: what it guards is a few loads and stores (and a caller's <c>Equals</c> in
    /// <see cref="TryAdd"/> and <see cref="Remove"/>), and a leader takes it twice, to add and to remove. Entering is one
    /// compare-and-swap and leaving one plain store, a fraction of what entering and leaving a <see cref="Monitor"/>
    /// costs. Before it runs a key's <c>Equals</c> (<see cref="KeyMatches"/>) it records its owner's thread id,
    /// so a re-entrant use (that <c>Equals</c> calling the same coalescer) throws instead of spinning forever; a waiter
    /// spins briefly, then yields its core, so a preempted holder can finish.
    /// </remarks>
    private sealed class Stripe
    {
        // The owner of a stripe until it runs a key's Equals. Reading the thread id is a thread-local access, a call
        // on Linux, and only that Equals can come back into the table on the same thread. Thread ids are positive, so
        // no thread ever matches this one.
        private const int Anonymous = -1;

#pragma warning disable SA1401, CA1051 // Read with Volatile.Read and written under the stripe's own lock.
        public int Count;
#pragma warning restore SA1401, CA1051

        private int _owner;

        public void Enter()
        {
            if (Interlocked.CompareExchange(ref _owner, Anonymous, 0) != 0)
            {
                EnterContended();
            }
        }

        // The one place a key's Equals runs under the stripe: it records the owner first, so that if that Equals comes
        // back into the table on this thread and needs this stripe, EnterContended recognises it and throws.
        public bool KeyMatches(FlightKey key, Flight entry)
        {
            Volatile.Write(ref _owner, Environment.CurrentManagedThreadId);
            return key.Matches(entry.KeyValue, entry.Hash);
        }

        public void Exit() => Volatile.Write(ref _owner, 0);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void EnterContended()
        {
            if (Volatile.Read(ref _owner) == Environment.CurrentManagedThreadId)
            {
                throw new InvalidOperationException(ErrorMessages.TableReentered);
            }

            var spinner = default(SpinWait);
            var counted = false;
            do
            {
                // Counted as Monitor counts contention: when a short spin was not enough and the waiter gives up its core.
                if (!counted && spinner.NextSpinWillYield)
                {
                    counted = true;
                    Interlocked.Increment(ref s_contendedEnters);
                }

                spinner.SpinOnce();
            }
            while (Volatile.Read(ref _owner) != 0 || Interlocked.CompareExchange(ref _owner, Anonymous, 0) != 0);
        }
    }
}
