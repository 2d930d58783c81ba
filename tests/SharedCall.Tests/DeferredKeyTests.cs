using SharedCall.Advanced;

namespace SharedCall.Tests;

/// <summary>
/// A deferred key (the interception package's: a call's data and the rules that make a key of them) is compared with
/// stored keys without a key object; the object is made once, by the caller that leads, with the hash the caller
/// computed, and it is what the table keeps, so <see cref="Coalescer.Forget(object)"/> and error messages see it.
/// </summary>
public class DeferredKeyTests
{
    private static readonly CoalescingOperation Operation = new("IRepository.GetAsync");

    [Test]
    public async Task Only_the_caller_that_leads_makes_a_key_and_the_callers_that_join_compare_their_own_data()
    {
        var coalescer = new Coalescer();
        var rules = new Rules();
        var gate = Bounded.Gate<int>();
        var executions = 0;
        Task<int> Call(string data) => coalescer.RunAsync(Operation, rules.KeyFor(data), gate, (g, _) =>
        {
            Interlocked.Increment(ref executions);
            return g.Task;
        }, CancellationToken.None);

        var calls = new[] { Call("a"), Call("a"), Call("a"), Call("b") };
        gate.SetResult(7);

        Assert.That(await Task.WhenAll(calls).Bounded(), Is.All.EqualTo(7));
        Assert.Multiple(() =>
        {
            Assert.That(executions, Is.EqualTo(2), "\"a\" ran once for three callers, \"b\" once");
            Assert.That(rules.Created, Is.EqualTo(new[] { "a", "b" }), "a key object for each leader only");
            Assert.That(rules.Compared, Is.EqualTo(new[] { ("a", "a"), ("a", "a") }), "each joiner's own data against the stored key");
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    [Test]
    public void The_table_keeps_the_key_the_leader_made_so_an_equal_key_object_forgets_it()
    {
        var coalescer = new Coalescer();
        var rules = new Rules();
        var gate = Bounded.Gate<int>();
        _ = coalescer.RunAsync(Operation, rules.KeyFor("a"), gate, static (g, _) => g.Task, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(coalescer.Forget(new StoredKey("b")), Is.False);
            Assert.That(coalescer.Forget(new StoredKey("a")), Is.True);
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
        gate.SetResult(1);
    }

    [Test]
    public void A_deferred_key_in_flight_with_another_result_type_is_described_by_the_key_it_stands_for()
    {
        var coalescer = new Coalescer();
        var rules = new Rules();
        var gate = Bounded.Gate<int>();
        _ = coalescer.RunAsync(Operation, rules.KeyFor("a"), gate, static (g, _) => g.Task, CancellationToken.None);

        var exception = Assert.Throws<InvalidOperationException>(() =>
            coalescer.RunAsync(Operation, rules.KeyFor("a"), 0, static (_, _) => Task.FromResult("text"), CancellationToken.None));

        Assert.That(exception!.Message, Does.Contain("'stored:a'"));
        gate.SetResult(1);
    }

    /// <summary>The key object the rules make: equal to another made from equal data, with the data's hash.</summary>
    private sealed record StoredKey(string Data)
    {
        public override string ToString() => "stored:" + Data;
    }

    /// <summary>Keys made from strings, recording what the core asked of them.</summary>
    private sealed class Rules : IDeferredKey
    {
        public List<string> Created { get; } = [];

        public List<(string Data, string Stored)> Compared { get; } = [];

        public FlightKey KeyFor(string data) => FlightKey.Deferred(this, data, new StoredKey(data).GetHashCode());

        public bool Matches(object data, object stored)
        {
            Compared.Add(((string)data, ((StoredKey)stored).Data));
            return stored is StoredKey key && key.Data == (string)data;
        }

        public object CreateKey(object data, int hash)
        {
            Created.Add((string)data);
            var key = new StoredKey((string)data);
            Assert.That(hash, Is.EqualTo(key.GetHashCode()), "the hash the caller computed");
            return key;
        }
    }
}
