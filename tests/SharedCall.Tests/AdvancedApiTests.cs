using System.Reflection;
using SharedCall.Advanced;

namespace SharedCall.Tests;

/// <summary>
/// The core's advanced API (what SharedCall.Interception calls): a <see cref="FlightKey"/> behaves like the key
/// object it was made from, whichever overload each caller uses.
/// </summary>
public class AdvancedApiTests
{
    private static readonly CoalescingOperation Operation = new("IRepository.Get");

    [Test]
    public void A_key_made_of_null_is_refused()
    {
        Assert.That(() => new FlightKey(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("value"));
    }

    [Test]
    public void A_key_carries_its_value_its_hash_and_its_text()
    {
        var key = new FlightKey("user:42");
        Assert.Multiple(() =>
        {
            Assert.That(key.Value, Is.EqualTo("user:42"));
            Assert.That(key.Hash, Is.EqualTo("user:42".GetHashCode(StringComparison.Ordinal)));
            Assert.That(key.ToString(), Is.EqualTo("user:42"));
        });
    }

    [Test]
    public async Task A_FlightKey_caller_and_an_object_key_caller_share_one_execution()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var executions = 0;
        var leader = coalescer.RunAsync(Operation, new FlightKey("k"), gate, (g, _) =>
        {
            Interlocked.Increment(ref executions);
            return g.Task;
        }, CancellationToken.None);
        var joiner = coalescer.RunAsync<int>("k", _ => throw new AssertionException("a joined caller ran its work"));
        gate.SetResult(5);

        Assert.That(await Task.WhenAll(leader, joiner).Bounded(), Is.All.EqualTo(5));
        Assert.That(executions, Is.EqualTo(1));
    }

    [Test]
    public async Task A_sync_caller_without_a_result_joins_an_execution_without_a_result()
    {
        var coalescer = new Coalescer();
        using var release = new ManualResetEventSlim();
        var executions = 0;
        var leader = Bounded.OnThread(() =>
        {
            coalescer.Run(Operation, new FlightKey("k"), release, r =>
            {
                Interlocked.Increment(ref executions);
                r.Wait(Bounded.Timeout);
            });
            return true;
        });
        await Bounded.UntilAsync(() => Volatile.Read(ref executions) == 1, "the leader runs its work");
        var joiner = coalescer.RunAsync("k", _ => throw new AssertionException("a joined caller ran its work"));
        await Bounded.UntilHitsAsync(coalescer, 1);
        release.Set();

        await joiner.Bounded();
        Assert.That(await leader.Bounded(), Is.True);
        Assert.That(executions, Is.EqualTo(1));
    }

    [Test]
    public void The_advanced_members_are_hidden_from_completion_lists()
    {
        var advanced = new MemberInfo[]
        {
            typeof(FlightKey),
            typeof(IDeferredKey),
        }.Concat(typeof(Coalescer).GetMethods().Where(static m => m.GetParameters().Any(static p => p.ParameterType == typeof(FlightKey))));

        Assert.That(
            advanced.Select(static m => m.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>()?.State).ToList(),
            Has.Count.EqualTo(7).And.All.EqualTo(System.ComponentModel.EditorBrowsableState.Advanced));
    }
}
