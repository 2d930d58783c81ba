using SharedCall.Interception;

namespace SharedCall.Reliability.Tests.Proxies;

/// <summary>
/// Bad input through proxies: shapes fail at proxy creation, values at call time, each with a specific exception,
/// and the coalescer serves a good proxy afterwards.
/// </summary>
public class ProxyBadInputTests
{
    [Test]
    public async Task Template_naming_an_unknown_parameter_fails_at_creation()
    {
        var coalescer = new Coalescer();
        Assert.That(
            () => CoalescingProxy.Create<IUnknownTemplateName>(new UnknownTemplateName(), coalescer),
            Throws.InvalidOperationException.With.Message.Contains("nope").And.Message.Contains("GetAsync"));
        await AssertProxyUsableAsync(coalescer);
    }

    [Test]
    public async Task Template_naming_a_parameter_twice_builds_one_key_per_value()
    {
        var coalescer = new Coalescer();
        var target = new DuplicateTemplateName();
        var proxy = CoalescingProxy.Create<IDuplicateTemplateName>(target, coalescer);
        var results = await Task.WhenAll(proxy.GetAsync(1), proxy.GetAsync(1), proxy.GetAsync(2)).Bounded();

        Assert.That(results, Is.EqualTo(new[] { 1, 1, 2 }));
        Assert.That(target.Calls, Is.EqualTo(2));
        await AssertProxyUsableAsync(coalescer);
    }

    [Test]
    public async Task Unsupported_shapes_and_non_public_interfaces_fail_at_creation()
    {
        var coalescer = new Coalescer();
        Assert.Multiple(() =>
        {
            Assert.That(() => CoalescingProxy.Create<IRefParameter>(new RefParameter(), coalescer), Throws.InvalidOperationException.With.Message.Contains("id"));
            Assert.That(() => CoalescingProxy.Create<IAsyncSequence>(new AsyncSequence(), coalescer), Throws.InvalidOperationException.With.Message.Contains("IAsyncEnumerable"));
            Assert.That(() => CoalescingProxy.Create<IHiddenService>(new HiddenService(), coalescer), Throws.InvalidOperationException.With.Message.Contains("DynamicProxyGenAssembly2"));
        });
        await AssertProxyUsableAsync(coalescer);
    }

    [Test]
    public async Task Target_returning_a_null_task_fails_every_caller_at_call_time()
    {
        var coalescer = new Coalescer();
        var proxy = CoalescingProxy.Create<IBadTargetService>(new BadTarget(), coalescer);
        Assert.Multiple(() =>
        {
            Assert.That(async () => await proxy.NullTaskAsync(1), Throws.InvalidOperationException.With.Message.Contains("null"));
            Assert.That(async () => await proxy.NullVoidTaskAsync(1), Throws.InvalidOperationException.With.Message.Contains("null"));
        });
        await AssertProxyUsableAsync(coalescer);
    }

    [Test]
    public async Task Huge_argument_arrays_coalesce_by_content()
    {
        var coalescer = new Coalescer();
        var target = new BadTarget();
        var proxy = CoalescingProxy.Create<IBadTargetService>(target, coalescer);
        var huge = Enumerable.Range(0, 1_000_000).ToArray();

        var results = await Task.WhenAll(proxy.SumAsync(huge), proxy.SumAsync([.. huge]), proxy.SumAsync([1])).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(results, Is.EqualTo(new[] { 1_000_000, 1_000_000, 1 }));
        Assert.That(target.Sums, Is.EqualTo(2));
        await AssertProxyUsableAsync(coalescer);
    }

    [Test]
    public async Task Target_calling_its_own_proxy_with_the_same_arguments_fails_instead_of_deadlocking()
    {
        var coalescer = new Coalescer();
        var target = new BadTarget();
        var proxy = CoalescingProxy.Create<IBadTargetService>(target, coalescer);
        target.Proxy = proxy;
        Assert.Multiple(() =>
        {
            Assert.That(() => proxy.Reenter(1), Throws.InvalidOperationException.With.Message.Contains("already being executed on this thread"));
            Assert.That(
                async () => await proxy.ReenterAsync(1).Bounded(),
                Throws.InvalidOperationException.With.Message.Contains("already being executed on this thread"));
        });
        await AssertProxyUsableAsync(coalescer);
    }

    private static async Task AssertProxyUsableAsync(Coalescer coalescer)
    {
        var target = new DuplicateTemplateName();
        var proxy = CoalescingProxy.Create<IDuplicateTemplateName>(target, coalescer);
        var results = await Task.WhenAll(proxy.GetAsync(7), proxy.GetAsync(7)).Bounded();
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.All.EqualTo(7));
            Assert.That(target.Calls, Is.EqualTo(1));
            Assert.That(coalescer.GetStats().Active, Is.Zero);
            Assert.That(coalescer.InFlightCount, Is.Zero);
        });
    }

    private sealed class UnknownTemplateName : IUnknownTemplateName
    {
        public Task<int> GetAsync(int id) => Task.FromResult(id);
    }

    private sealed class RefParameter : IRefParameter
    {
        public int Get(ref int id) => id;
    }

    private sealed class AsyncSequence : IAsyncSequence
    {
        public async IAsyncEnumerable<int> GetAll()
        {
            await Task.Yield();
            yield return 1;
        }
    }
}
