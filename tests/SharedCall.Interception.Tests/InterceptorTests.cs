using Castle.DynamicProxy;

namespace SharedCall.Interception.Tests;

/// <summary>The interceptor on its own, in a proxy built without CoalescingProxy (and so without its hook).</summary>
public class InterceptorTests
{
    [Test]
    public async Task Used_directly_it_coalesces_marked_methods_and_passes_the_others_through()
    {
        var coalescer = new Coalescer();
        using var target = new GatedShapes();
        var proxy = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface<IShapes>(
            target,
            new CoalescingInterceptor(coalescer).ToInterceptor());

        var marked = Enumerable.Range(0, 3).Select(_ => proxy.TaskOfT(2)).ToList();
        var unmarked = Enumerable.Range(0, 2).Select(_ => proxy.UnmarkedAsync(2)).ToList();
        target.Release();
        await Task.WhenAll(marked.Concat(unmarked)).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(3), "one coalesced execution plus two plain calls");
            Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(2, 1, 0, 0)));
        });
    }

    [Test]
    public void A_null_coalescer_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new CoalescingInterceptor(null!));
    }
}
