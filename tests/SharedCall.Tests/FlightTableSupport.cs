using System.Reflection;
using SharedCall.Advanced;
using SharedCall.Internal;

namespace SharedCall.Tests;

/// <summary>A key with a chosen hash code: keys with the same hash share a bucket and a stripe of the table.</summary>
internal sealed class CollidingKey(int id, int hash = 42)
{
    public int Id { get; } = id;

    public override bool Equals(object? obj) => obj is CollidingKey other && other.Id == Id;

    public override int GetHashCode() => hash;

    public override string ToString() => $"colliding {Id}";
}

/// <summary>Shares the hash of <see cref="CollidingKey"/> but throws when the table compares it with another key.</summary>
internal sealed class ThrowingCollidingKey(int hash = 42)
{
    public override bool Equals(object? obj) => ReferenceEquals(this, obj) ? true : throw new NotSupportedException("bad Equals");

    public override int GetHashCode() => hash;
}

/// <summary>Shares the hash of <see cref="CollidingKey"/>; comparing it with another key runs <paramref name="callback"/>.</summary>
internal sealed class CallbackCollidingKey(Action callback, int hash = 42)
{
    public override bool Equals(object? obj)
    {
        if (ReferenceEquals(this, obj))
        {
            return true;
        }

        callback();
        return false;
    }

    public override int GetHashCode() => hash;
}

/// <summary>Builds flights and looks into a table (white-box: its bucket array).</summary>
internal static class FlightTableSupport
{
    public static (InMemoryFlightTable Table, OperationScope Scope) NewTable()
    {
        var table = new InMemoryFlightTable();
        var scope = new OperationScope(new Coalescer(), table, CoalescerMetrics.Shared, operation: null);
        return (table, scope);
    }

    public static Flight<int> NewFlight(this OperationScope scope, object key) => new(new FlightKey(key), scope, cancellable: false);

    public static Flight<int> Added(this InMemoryFlightTable table, OperationScope scope, object key)
    {
        var flight = scope.NewFlight(key);
        Assert.That(table.TryAdd(flight), Is.True, $"adding {key}");
        return flight;
    }

    public static Flight? Find(this IFlightTable table, object key) => table.Find(new FlightKey(key));

    public static int BucketCount(this InMemoryFlightTable table) =>
        ((Array)typeof(InMemoryFlightTable).GetField("_buckets", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(table)!).Length;

    /// <summary>Gets the stripes, the objects the table locks (white-box: its private field).</summary>
    public static object[] Stripes(this InMemoryFlightTable table) =>
        (object[])typeof(InMemoryFlightTable).GetField("_stripes", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(table)!;

    /// <summary>Takes a stripe's lock (white-box: its private methods) until the result is disposed, on any thread.</summary>
    public static IDisposable Hold(object stripe)
    {
        stripe.GetType().GetMethod("Enter")!.Invoke(stripe, null);
        return new StripeHold(stripe);
    }

    /// <summary>Waits, with a deadline, until <paramref name="thread"/> blocks (waiting for a lock, it soon sleeps between spins) or ends.</summary>
    public static void WaitUntilBlockedOrDone(Thread thread)
    {
        var deadline = DateTime.UtcNow + Bounded.Timeout;
        while ((thread.ThreadState & (ThreadState.WaitSleepJoin | ThreadState.Stopped)) == 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the thread neither blocked nor ended");
            Thread.Yield();
        }
    }

    private sealed class StripeHold(object stripe) : IDisposable
    {
        public void Dispose() => stripe.GetType().GetMethod("Exit")!.Invoke(stripe, null);
    }

    /// <summary>Gets the table of <paramref name="coalescer"/> (white-box: its private field).</summary>
    public static InMemoryFlightTable TableOf(Coalescer coalescer) =>
        (InMemoryFlightTable)typeof(Coalescer).GetField("_table", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(coalescer)!;
}
