using System.Diagnostics;

namespace SharedCall.Interception.Tests.Reliability;

/// <summary>
/// Bad input through real proxies: each case fails at the right moment (proxy creation for shapes and templates,
/// call time for values) with a specific exception, and leaves the coalescer fully usable.
/// </summary>
public class BadInputTests
{
    private static readonly object[] s_creationCases =
    [
        Creation("unknown template parameter", typeof(IWithUnknownTemplateName), "names 'id', which is not one of the parameters a key can name"),
        Creation("malformed template", typeof(IWithMalformedTemplate), "malformed"),
        Creation("template naming the CancellationToken", typeof(IWithTokenTemplate), "names the CancellationToken parameter"),
        Creation("template naming an array", typeof(IWithArrayTemplate), "formats as its type name"),
        Creation("ref parameter", typeof(IWithRef), "'id' is passed by reference"),
        Creation("out parameter", typeof(IWithOut), "'value' is passed by reference"),
        Creation("in parameter", typeof(IWithInParameter), "'id' is passed by reference"),
        Creation("ref return", typeof(IWithRefReturn), "returns by reference"),
        Creation("IAsyncEnumerable<T> result", typeof(IWithAsyncEnumerable), "IAsyncEnumerable<T>"),
        Creation("non-public interface", typeof(IHidden), "InternalsVisibleTo(\"DynamicProxyGenAssembly2\")"),
    ];

    [TestCaseSource(nameof(s_creationCases))]
    public async Task A_bad_interface_fails_at_proxy_creation_and_the_coalescer_stays_usable(string name, Type interfaceType, string fragment)
    {
        var coalescer = new Coalescer();
        var target = DispatchTarget.For(interfaceType);

        var exception = Assert.Throws<InvalidOperationException>(() => CoalescingProxy.Create(interfaceType, target, coalescer), name);

        Assert.That(exception!.Message, Does.Contain(fragment), name);
        await AssertUsableAsync(coalescer);
    }

    [Test]
    public async Task A_parameter_named_twice_in_a_template_is_accepted_and_keys_by_its_value()
    {
        var coalescer = new Coalescer();
        using var target = new BadInputTarget();
        var proxy = CoalescingProxy.Create<IBadInputs>(target, coalescer);

        var calls = new[] { proxy.DuplicateHoleAsync(1), proxy.DuplicateHoleAsync(1), proxy.DuplicateHoleAsync(2) };
        Assert.That(coalescer.Forget("pair:1/1"), Is.True, "the key repeats the value");
        target.NumberGate.SetResult(5);

        Assert.Multiple(async () =>
        {
            Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(5));
            Assert.That(target.Calls, Is.EqualTo(2), "equal values share, different values do not");
        });
    }

    [TestCase("Task<T>")]
    [TestCase("Task")]
    public async Task A_target_returning_a_null_task_fails_every_caller_with_InvalidOperationException(string shape)
    {
        var coalescer = new Coalescer();
        using var target = new BadInputTarget();
        var proxy = CoalescingProxy.Create<IBadInputs>(target, coalescer);
        Task Call() => shape == "Task" ? proxy.NullTask(3) : proxy.NullTaskOfT(3);

        // The target blocks before it returns null, so the leader's call runs on a thread of its own.
        var leader = Bounded.OnThread(Call);
        await Bounded.UntilAsync(() => target.Calls == 1, "the leader runs the target");
        var followers = Enumerable.Range(0, 3).Select(_ => Call()).ToArray();
        target.ReleaseNullTasks();
        var callers = followers.Prepend(await leader.WaitAsync(Bounded.Timeout)).ToArray();

        foreach (var caller in callers)
        {
            var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => caller.WaitAsync(Bounded.Timeout));
            Assert.That(exception!.Message, Does.Contain("returned a null Task"));
        }

        Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(Hits: 3, Misses: 1, Errors: 1, Active: 0)));
        await AssertUsableAsync(coalescer);
    }

    [Test]
    public async Task One_key_used_with_two_result_types_fails_the_second_caller_and_the_key_works_afterwards()
    {
        var coalescer = new Coalescer();
        using var target = new BadInputTarget();
        var proxy = CoalescingProxy.Create<IBadInputs>(target, coalescer);

        var number = proxy.NumberAsync(8);
        var asyncMismatch = await Assert.ThrowsAsync<InvalidOperationException>(async () => await proxy.TextAsync(8));
        var syncMismatch = Assert.Throws<InvalidOperationException>(() => proxy.Text(8));
        target.NumberGate.SetResult(80);

        Assert.Multiple(async () =>
        {
            Assert.That(asyncMismatch!.Message, Does.Contain("'shared:8'").And.Contain("Int32").And.Contain("String"));
            Assert.That(syncMismatch!.Message, Does.Contain("'shared:8'").And.Contain("use distinct keys"));
            Assert.That(await number.WaitAsync(Bounded.Timeout), Is.EqualTo(80), "the execution in flight is unharmed");
            Assert.That(await proxy.TextAsync(8), Is.EqualTo("text 8"), "once free, the key takes the other type");
            Assert.That(proxy.Text(8), Is.EqualTo("text 8"));
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    [Test]
    public async Task A_synchronous_reentrant_call_with_the_same_key_throws_instead_of_deadlocking()
    {
        var coalescer = new Coalescer();
        using var target = new BadInputTarget();
        var proxy = CoalescingProxy.Create<IBadInputs>(target, coalescer);
        target.Proxy = proxy;

        var sameKey = await Bounded.OnThread(() => proxy.Reentrant(1, innerId: 1)).WaitAsync(Bounded.Timeout);
        var otherKey = await Bounded.OnThread(() => proxy.Reentrant(1, innerId: 2)).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(sameKey, Is.EqualTo(-1));
            Assert.That(target.InnerException, Is.InstanceOf<InvalidOperationException>());
            Assert.That(target.InnerException!.Message, Does.Contain("already being executed on this thread"));
            Assert.That(target.InnerException!.Message, Does.Contain("'IBadInputs.Reentrant(1, 1)'"), "the call is named, not its argument array");
            Assert.That(otherKey, Is.EqualTo(20), "a nested call with another key is not re-entrant");
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    [Test]
    public async Task An_asynchronous_reentrant_call_before_the_first_await_throws_instead_of_awaiting_itself()
    {
        var coalescer = new Coalescer();
        using var target = new BadInputTarget();
        var proxy = CoalescingProxy.Create<IBadInputs>(target, coalescer);
        target.Proxy = proxy;

        var value = await proxy.ReentrantAsync(4).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(-1));
            Assert.That(target.InnerException, Is.InstanceOf<InvalidOperationException>());
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    [Test]
    public async Task An_asynchronous_reentrant_call_after_an_await_fails_instead_of_awaiting_itself()
    {
        // Detection after an await is opt-in: it costs an AsyncLocal write per execution.
        var coalescer = new Coalescer(new CoalescerOptions { DetectReentrantAsyncCalls = true });
        using var target = new BadInputTarget();
        var proxy = CoalescingProxy.Create<IBadInputs>(target, coalescer);
        target.Proxy = proxy;
        using var cancellation = new CancellationTokenSource(Bounded.Timeout);

        var call = proxy.ReentrantAfterAwaitAsync(5, cancellation.Token);

        Assert.That(async () => await call, Throws.InvalidOperationException);
        await Bounded.UntilAsync(() => coalescer.InFlightCount == 0, "the execution leaves the table");
    }

    [Test]
    public async Task A_million_element_array_argument_is_a_working_key()
    {
        var coalescer = new Coalescer();
        var keys = new GatedKeys(coalescer);
        var values = Enumerable.Range(0, 1_000_000).ToArray();
        var equal = (int[])values.Clone();
        var different = (int[])values.Clone();
        different[^1] = -1;

        var clock = Stopwatch.StartNew();
        var calls = new[] { keys.Proxy.SumAsync(values), keys.Proxy.SumAsync(equal), keys.Proxy.SumAsync(different) };
        TestContext.Out.WriteLine($"three calls with 1,000,000-element keys: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.That(coalescer.Forget(CallKey.Of<IKeys>(k => k.SumAsync(equal))), Is.True, "CallKey.Of builds an equal key");
        keys.Release(9);

        Assert.Multiple(async () =>
        {
            Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(9));
            Assert.That(keys.TargetCalls, Is.EqualTo(2), "equal elements share; one different element does not");
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    private static object[] Creation(string name, Type interfaceType, string fragment) => [name, interfaceType, fragment];

    /// <summary>A good proxy over the same coalescer still coalesces, and nothing was left in flight.</summary>
    private static async Task AssertUsableAsync(Coalescer coalescer)
    {
        var keys = new GatedKeys(coalescer);
        var first = keys.Proxy.TwoAsync("usable", 1);
        var second = keys.Proxy.TwoAsync("usable", 1);
        keys.Release(7);
        Assert.Multiple(async () =>
        {
            Assert.That(await Task.WhenAll(first, second).WaitAsync(Bounded.Timeout), Is.All.EqualTo(7));
            Assert.That(keys.TargetCalls, Is.EqualTo(1));
            Assert.That(coalescer.GetStats().Active, Is.Zero);
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }
}
