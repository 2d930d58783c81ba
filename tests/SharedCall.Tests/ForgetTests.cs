namespace SharedCall.Tests;

public class ForgetTests
{
    [Test]
    public async Task Nothing_is_cached_once_an_execution_completes()
    {
        var coalescer = new Coalescer();
        var executions = 0;
        Task<int> Call() => coalescer.RunAsync("k", async _ =>
        {
            await Task.Yield();
            return Interlocked.Increment(ref executions);
        });

        Assert.That(await Call().Bounded(), Is.EqualTo(1));
        Assert.That(await Call().Bounded(), Is.EqualTo(2));
        Assert.That(coalescer.Run("k", () => Interlocked.Increment(ref executions)), Is.EqualTo(3));
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task The_key_is_free_again_after_a_failure()
    {
        var coalescer = new Coalescer();
        await Assert.ThrowsAsync<FormatException>(async () => await coalescer.RunAsync<int>("k", async _ =>
        {
            await Task.Yield();
            throw new FormatException();
        }).Bounded());

        Assert.That(await coalescer.RunAsync("k", _ => Task.FromResult(2)).Bounded(), Is.EqualTo(2));
    }

    [Test]
    public async Task Forget_makes_later_callers_start_a_new_execution_while_earlier_ones_keep_the_old_outcome()
    {
        var coalescer = new Coalescer();
        var oldGate = Bounded.Gate<string>();
        var newGate = Bounded.Gate<string>();
        var before = coalescer.RunAsync("k", _ => oldGate.Task);
        var joinedBefore = coalescer.RunAsync("k", _ => newGate.Task);

        Assert.That(coalescer.Forget("k"), Is.True);
        var after = coalescer.RunAsync("k", _ => newGate.Task);
        var joinedAfter = coalescer.RunAsync("k", _ => oldGate.Task);
        newGate.SetResult("new");
        oldGate.SetResult("old");

        Assert.That(await before.Bounded(), Is.EqualTo("old"));
        Assert.That(await joinedBefore.Bounded(), Is.EqualTo("old"));
        Assert.That(await after.Bounded(), Is.EqualTo("new"));
        Assert.That(await joinedAfter.Bounded(), Is.EqualTo("new"));
        Assert.That(coalescer.GetStats().Misses, Is.EqualTo(2));
    }

    [Test]
    public void Forget_returns_false_when_nothing_is_in_flight()
    {
        var coalescer = new Coalescer();
        Assert.That(coalescer.Forget("k"), Is.False);
        coalescer.Run("k", () => 1);
        Assert.That(coalescer.Forget("k"), Is.False);
    }

    [Test]
    public async Task A_forgotten_execution_that_completes_does_not_remove_its_successor()
    {
        var coalescer = new Coalescer();
        var oldGate = Bounded.Gate<int>();
        var newGate = Bounded.Gate<int>();
        var old = coalescer.RunAsync("k", _ => oldGate.Task);
        coalescer.Forget("k");
        var successor = coalescer.RunAsync("k", _ => newGate.Task);

        oldGate.SetResult(1);
        await old.Bounded();

        var executions = 0;
        var joiner = coalescer.RunAsync("k", _ =>
        {
            executions++;
            return Task.FromResult(3);
        });
        newGate.SetResult(2);

        Assert.That(await joiner.Bounded(), Is.EqualTo(2), "the joiner found the successor still in flight");
        Assert.That(executions, Is.Zero);
        Assert.That(await successor.Bounded(), Is.EqualTo(2));
        Assert.That(coalescer.InFlightCount, Is.Zero);
    }

    [Test]
    public async Task ForgetAll_forgets_every_key()
    {
        var coalescer = new Coalescer();
        var gate = Bounded.Gate<int>();
        var a = coalescer.RunAsync("a", _ => gate.Task);
        var b = coalescer.RunAsync("b", _ => gate.Task);
        Assert.That(coalescer.InFlightCount, Is.EqualTo(2));

        coalescer.ForgetAll();
        Assert.That(coalescer.InFlightCount, Is.Zero);
        var freshA = coalescer.RunAsync("a", _ => Task.FromResult(10));
        gate.SetResult(1);

        Assert.That(await freshA.Bounded(), Is.EqualTo(10));
        Assert.That(await a.Bounded(), Is.EqualTo(1), "callers of forgotten executions keep their outcome");
        Assert.That(await b.Bounded(), Is.EqualTo(1));
        Assert.That(coalescer.GetStats().Active, Is.Zero);
    }

    [Test]
    public void Forget_rejects_a_null_key()
    {
        var coalescer = new Coalescer();
        Assert.That(() => coalescer.Forget(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
    }
}
