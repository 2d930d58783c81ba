namespace SharedCall.Interception.Tests;

/// <summary>CallKey.Of gives the interceptor's key for a call, for Coalescer.Forget.</summary>
public class CallKeyTests
{
    [Test]
    public async Task Forget_with_CallKey_Of_makes_the_next_call_start_a_new_execution()
    {
        var coalescer = new Coalescer();
        var first = new TaskCompletionSource<User>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IUserRepository>();
        mock.SetupSequence(r => r.GetUserAsync(42, It.IsAny<CancellationToken>()))
            .Returns(first.Task)
            .ReturnsAsync(new User(42, "new"));
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        var old = proxy.GetUserAsync(42, CancellationToken.None);
        var forgotten = coalescer.Forget(CallKey.Of<IUserRepository>(r => r.GetUserAsync(42, default)));
        var fresh = await proxy.GetUserAsync(42, CancellationToken.None).WaitAsync(Bounded.Timeout);
        first.SetResult(new User(42, "old"));

        Assert.Multiple(async () =>
        {
            Assert.That(forgotten, Is.True);
            Assert.That(fresh.Name, Is.EqualTo("new"));
            Assert.That((await old).Name, Is.EqualTo("old"));
        });
    }

    [Test]
    public void The_key_of_a_call_equals_the_key_of_an_equal_call_and_differs_for_other_arguments()
    {
        var id = 42;
        var a = CallKey.Of<IUserRepository>(r => r.GetUserAsync(id, default));
        var b = CallKey.Of<IUserRepository>(r => r.GetUserAsync(42, new CancellationTokenSource().Token));
        var c = CallKey.Of<IUserRepository>(r => r.GetUserAsync(43, default));

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(a, Is.Not.EqualTo(c));
            Assert.That(a.ToString(), Is.EqualTo("IUserRepository.GetUserAsync(42)"));
        });
    }

    [Test]
    public void A_template_method_gives_the_formatted_string()
    {
        Assert.That(
            CallKey.Of<IUserRepository>(r => r.GetUserByTemplateAsync(42, "ignored", default)),
            Is.EqualTo("user:42"));
    }

    [Test]
    public void Keys_of_arrays_generic_methods_and_inherited_methods_match_the_interceptors()
    {
        var coalescer = new Coalescer();
        var keys = new GatedKeys(coalescer);
        _ = keys.Proxy.SumAsync([1, 2]);
        _ = keys.Proxy.GenericAsync<long>(3);
        _ = keys.Proxy.NestedAsync([new[] { "x" }, null]);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lookup = new Mock<IDerivedLookup>();
        lookup.Setup(l => l.LookupAsync(5)).Returns(gate.Task);
        _ = CoalescingProxy.Create(lookup.Object, coalescer).LookupAsync(5);

        Assert.Multiple(() =>
        {
            Assert.That(coalescer.Forget(CallKey.Of<IKeys>(k => k.SumAsync(new[] { 1, 2 }))), Is.True);
            Assert.That(coalescer.Forget(CallKey.Of<IKeys>(k => k.GenericAsync<int>(3))), Is.False, "another closed method");
            Assert.That(coalescer.Forget(CallKey.Of<IKeys>(k => k.GenericAsync<long>(3))), Is.True);
            Assert.That(coalescer.Forget(CallKey.Of<IKeys>(k => k.NestedAsync(new object?[] { new[] { "x" }, null }))), Is.True);
            Assert.That(coalescer.Forget(CallKey.Of<IDerivedLookup>(l => l.LookupAsync(5))), Is.True);
        });
        keys.Release();
        gate.SetResult(0);
    }

    [Test]
    public void The_key_of_a_method_of_a_generic_interface_matches_the_interceptors()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new Mock<IGenericStore<string>>();
        store.Setup(s => s.LoadAsync(1)).Returns(gate.Task);
        _ = CoalescingProxy.Create(store.Object, coalescer).LoadAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(coalescer.Forget(CallKey.Of<IGenericStore<int>>(s => s.LoadAsync(1))), Is.False);
            Assert.That(coalescer.Forget(CallKey.Of<IGenericStore<string>>(s => s.LoadAsync(1))), Is.True);
        });
        gate.SetResult("x");
    }

    [Test]
    public void A_method_that_is_not_coalesced_has_no_key()
    {
        var exception = Assert.Throws<ArgumentException>(() => CallKey.Of<IUserRepository>(r => r.GetUncoalescedAsync(1)));
        Assert.That(exception!.Message, Does.Contain("IUserRepository.GetUncoalescedAsync").And.Contain("[Coalesced]"));
    }

    [Test]
    public void Anything_but_a_call_on_the_parameter_is_rejected()
    {
        var other = new Mock<IUserRepository>().Object;
        Assert.Throws<ArgumentException>(() => CallKey.Of<IUserRepository>(r => other.GetUserAsync(1, default)));
    }
}
