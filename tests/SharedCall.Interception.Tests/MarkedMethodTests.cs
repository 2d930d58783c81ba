namespace SharedCall.Interception.Tests;

/// <summary>Behaviour 1: only marked methods are coalesced; everything else is a plain call of the target.</summary>
public class MarkedMethodTests
{
    [Test]
    public async Task An_unmarked_method_calls_the_target_every_time_and_returns_its_own_task()
    {
        var coalescer = new Coalescer();
        using var target = new GatedShapes();
        var proxy = CoalescingProxy.Create<IShapes>(target, coalescer);

        var first = proxy.UnmarkedAsync(4);
        var second = proxy.UnmarkedAsync(4);
        var third = proxy.Unmarked(4);
        target.Release();
        await Task.WhenAll(first, second).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(3));
            Assert.That(first, Is.Not.SameAs(second));
            Assert.That(third, Is.EqualTo(40));
            Assert.That(coalescer.GetStats(), Is.EqualTo(default(CoalescingStats)), "the interceptor never saw the calls");
        });
    }

    [Test]
    public void No_interceptor_is_on_the_stack_of_an_unmarked_method_but_one_is_on_a_marked_ones()
    {
        using var target = new GatedShapes();
        target.Release();
        var proxy = CoalescingProxy.Create<IShapes>(target, new Coalescer());

        proxy.Unmarked(1);
        var unmarked = target.LastStackTrace;
        proxy.Value(1);
        var marked = target.LastStackTrace;

        Assert.Multiple(() =>
        {
            Assert.That(unmarked, Does.Not.Contain("SharedCall.Interception.CoalescingInterceptor"));
            Assert.That(marked, Does.Contain("SharedCall.Interception.CoalescingInterceptor"));
        });
    }

    [Test]
    public void An_unmarked_method_returns_the_targets_own_task()
    {
        var mock = new Mock<IUserRepository>();
        var returned = Task.FromResult(new User(1, "Ada"));
        mock.Setup(r => r.GetUncoalescedAsync(1)).Returns(returned);
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());

        // The very task object of the target: nothing wrapped it.
        Assert.That(proxy.GetUncoalescedAsync(1), Is.SameAs(returned));
    }

    [Test]
    public async Task Marking_the_interface_coalesces_its_methods_but_not_its_properties()
    {
        var coalescer = new Coalescer();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<ICatalog>();
        mock.Setup(c => c.CountAsync("books")).Returns(gate.Task);
        mock.SetupGet(c => c.Size).Returns(3);
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        var counts = Enumerable.Range(0, 5).Select(_ => proxy.CountAsync("books")).ToList();
        var sizes = Enumerable.Range(0, 2).Select(_ => proxy.Size).ToList();
        gate.SetResult(12);

        Assert.Multiple(async () =>
        {
            Assert.That(await Task.WhenAll(counts).WaitAsync(Bounded.Timeout), Is.All.EqualTo(12));
            Assert.That(sizes, Is.All.EqualTo(3));
            mock.Verify(c => c.CountAsync("books"), Times.Once());
            mock.VerifyGet(c => c.Size, Times.Exactly(2));
        });
    }

    [Test]
    public void A_property_of_a_marked_interface_never_reaches_the_coalescer()
    {
        var coalescer = new Coalescer();
        var mock = new Mock<ICatalog>();
        mock.SetupGet(c => c.Size).Returns(3);
        var proxy = CoalescingProxy.Create(mock.Object, coalescer);

        Assert.Multiple(() =>
        {
            Assert.That(proxy.Size, Is.EqualTo(3));
            Assert.That(coalescer.GetStats(), Is.EqualTo(default(CoalescingStats)));
            Assert.That(coalescer.GetOperationStats(), Is.Empty);
        });
    }

    [Test]
    public async Task A_method_marked_on_an_inherited_interface_is_coalesced_through_the_derived_interface()
    {
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var mock = new Mock<IDerivedLookup>();
        mock.Setup(l => l.LookupAsync(7)).Returns(gate.Task);
        mock.Setup(l => l.OtherAsync(7)).ReturnsAsync(1);
        var proxy = CoalescingProxy.Create(mock.Object, new Coalescer());

        var lookups = Enumerable.Range(0, 5).Select(_ => proxy.LookupAsync(7)).ToList();
        await proxy.OtherAsync(7);
        await proxy.OtherAsync(7);
        gate.SetResult(70);

        Assert.That(await Task.WhenAll(lookups).WaitAsync(Bounded.Timeout), Is.All.EqualTo(70));
        mock.Verify(l => l.LookupAsync(7), Times.Once());
        mock.Verify(l => l.OtherAsync(7), Times.Exactly(2));
    }

    [Test]
    public void HasCoalescedMethods_sees_marked_methods_marked_interfaces_and_inherited_ones()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CoalescingProxy.HasCoalescedMethods(typeof(IUserRepository)), Is.True);
            Assert.That(CoalescingProxy.HasCoalescedMethods(typeof(ICatalog)), Is.True);
            Assert.That(CoalescingProxy.HasCoalescedMethods(typeof(IDerivedLookup)), Is.True);
            Assert.That(CoalescingProxy.HasCoalescedMethods(typeof(IGenericStore<string>)), Is.True);
            Assert.That(CoalescingProxy.HasCoalescedMethods(typeof(IMarkedWithoutMethods)), Is.True, "the interface itself is marked");
            Assert.That(CoalescingProxy.HasCoalescedMethods(typeof(IPlain)), Is.False);
            Assert.That(CoalescingProxy.HasCoalescedMethods(typeof(IDisposable)), Is.False);
            Assert.That(CoalescingProxy.HasCoalescedMethods(typeof(GatedShapes)), Is.False, "a class is never proxied");
        });
    }
}
