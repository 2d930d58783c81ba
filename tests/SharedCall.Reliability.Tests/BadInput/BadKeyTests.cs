namespace SharedCall.Reliability.Tests.BadInput;

/// <summary>Null, throwing, disagreeing, mutable and huge keys: a specific exception at call time, or correct behaviour.</summary>
public class BadKeyTests
{
    [Test]
    public async Task Null_key_throws_ArgumentNullException_naming_key_on_every_entry_point()
    {
        var coalescer = new Coalescer();
        Assert.Multiple(() =>
        {
            Assert.That(() => coalescer.Run<int>(null!, () => 1), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
            Assert.That(() => coalescer.Run(null!, () => { }), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
            Assert.That(() => coalescer.Run(null!, 1, static s => s), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
            Assert.That(() => coalescer.RunAsync(null!, _ => Task.FromResult(1)), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
            Assert.That(() => coalescer.RunAsync(null!, _ => Task.CompletedTask), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
            Assert.That(() => coalescer.RunAsync(null!, 1, static (s, _) => Task.FromResult(s)), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
            Assert.That(() => coalescer.RunAsync(null!, 1, static (_, _) => Task.CompletedTask), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
            Assert.That(() => coalescer.Forget(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("key"));
        });
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Key_whose_GetHashCode_throws_fails_only_its_caller_with_that_exception()
    {
        var coalescer = new Coalescer();
        var key = new ThrowingHashKey();
        Assert.Multiple(() =>
        {
            Assert.That(() => coalescer.Run(key, () => 1), Throws.TypeOf<NotSupportedException>().With.Message.EqualTo("hash of a bad key"));
            Assert.That(() => coalescer.RunAsync(key, _ => Task.FromResult(1)), Throws.TypeOf<NotSupportedException>());
            Assert.That(() => coalescer.Forget(key), Throws.TypeOf<NotSupportedException>());
        });
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Key_whose_Equals_throws_fails_the_caller_that_compares_it_and_nobody_else()
    {
        var coalescer = new Coalescer();
        var first = new ThrowingEqualsKey();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var leader = coalescer.RunAsync(first, _ => gate.Task);

        Assert.That(() => coalescer.RunAsync(new ThrowingEqualsKey(), _ => Task.FromResult(2)), Throws.TypeOf<NotSupportedException>());
        gate.SetResult(1);
        Assert.That(await leader.Bounded(), Is.EqualTo(1));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Key_whose_Equals_throws_in_flight_does_not_disturb_other_keys_with_its_hash_code()
    {
        // The bad key (hash 7) is in flight first; 7 then shares its bucket. Looking 7 up, adding it and removing it
        // when its work ends must never call the bad key's Equals, or 7's callers fail or never hear back.
        var coalescer = new Coalescer();
        var sevenGate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var badGate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bad = coalescer.RunAsync(new ThrowingEqualsKey(), _ => badGate.Task);
        var seven = coalescer.RunAsync(7, _ => sevenGate.Task);
        var sevenJoiner = coalescer.RunAsync(7, _ => Task.FromResult(-1));
        var syncSeventySeven = Task.Run(() => coalescer.Run(77, () => 77));

        sevenGate.SetResult(7);
        badGate.SetResult(8);
        int[] results = [];
        try
        {
            results = await Task.WhenAll(seven, sevenJoiner, bad, syncSeventySeven).Bounded();
        }
        catch (TimeoutException)
        {
            Assert.Fail("the callers of key 7 never got its outcome");
        }

        Assert.That(results, Is.EqualTo(new[] { 7, 7, 8, 77 }));
        Assert.That(coalescer.GetStats(), Has.Property("Hits").EqualTo(1).And.Property("Misses").EqualTo(3));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Key_whose_Equals_throws_fails_its_own_caller_when_another_key_with_its_hash_code_is_in_flight()
    {
        var coalescer = new Coalescer();
        var sevenGate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seven = coalescer.RunAsync(7, _ => sevenGate.Task);

        Assert.That(() => coalescer.RunAsync(new ThrowingEqualsKey(), _ => Task.FromResult(8)), Throws.TypeOf<NotSupportedException>());
        Assert.That(() => coalescer.Run(new ThrowingEqualsKey(), () => 8), Throws.TypeOf<NotSupportedException>());
        var sevenJoiner = coalescer.RunAsync(7, _ => Task.FromResult(-1));
        sevenGate.SetResult(7);

        Assert.That(await Task.WhenAll(seven, sevenJoiner).Bounded(), Is.EqualTo(new[] { 7, 7 }));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Sync_execution_of_a_key_sharing_a_bucket_with_a_throwing_key_completes_for_its_joiners()
    {
        var coalescer = new Coalescer();
        var badGate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bad = coalescer.RunAsync(new ThrowingEqualsKey(), _ => badGate.Task);
        using var working = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var leader = Task.Run(() => coalescer.Run(7, () =>
        {
            working.Set();
            release.Wait(TimeSpan.FromSeconds(10));
            return 7;
        }));
        Assert.That(working.Wait(TimeSpan.FromSeconds(10)), Is.True);
        var joiner = coalescer.RunAsync(7, _ => Task.FromResult(-1));
        release.Set();
        badGate.SetResult(8);

        int[] results = [];
        try
        {
            results = await Task.WhenAll(leader, joiner, bad).Bounded();
        }
        catch (TimeoutException)
        {
            Assert.Fail("the joiner of the sync execution of key 7 never got its outcome");
        }

        Assert.That(results, Is.EqualTo(new[] { 7, 7, 8 }));
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Keys_whose_Equals_and_GetHashCode_disagree_are_not_coalesced_and_leave_nothing_behind()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var executions = 0;
        var calls = Enumerable.Range(0, 10).Select(_ => coalescer.RunAsync(new DisagreeingKey(), _ =>
        {
            Interlocked.Increment(ref executions);
            return gate.Task;
        })).ToArray();
        gate.SetResult(3);

        Assert.That(await Task.WhenAll(calls).Bounded(), Is.All.EqualTo(3));
        Assert.That(executions, Is.EqualTo(10), "equal keys with different hashes are different keys, as in any dictionary");
        await Usable.AssertFullyUsableAsync(coalescer);
    }

    [Test]
    public async Task Key_mutated_while_in_flight_is_still_removed_when_its_execution_ends()
    {
        var coalescer = new Coalescer();
        var key = new MutableKey(1);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = coalescer.RunAsync(key, _ => gate.Task);
        key.Value = 2;
        gate.SetResult(1);

        Assert.That(await call.Bounded(), Is.EqualTo(1));
        Assert.That(coalescer.InFlightCount, Is.Zero);
        Assert.That(coalescer.Run(new MutableKey(1), () => 5), Is.EqualTo(5), "a new caller with the old value starts afresh");
        await Usable.AssertFullyUsableAsync(coalescer);
    }
}
