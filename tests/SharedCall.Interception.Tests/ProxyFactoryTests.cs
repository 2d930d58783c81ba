using Castle.DynamicProxy;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Tests;

/// <summary>
/// What the container integrations rely on: proxies over one coalescer share one interceptor, a proxy of this
/// package is recognised (so it is never wrapped twice), and every additional interface is checked too.
/// </summary>
public class ProxyFactoryTests
{
    [Test]
    public void Proxies_over_one_coalescer_share_one_interceptor_and_other_coalescers_get_their_own()
    {
        var coalescer = new Coalescer();
        var first = CoalescingProxy.Create(Mock.Of<IUserRepository>(), coalescer);
        var second = CoalescingProxy.Create(Mock.Of<IShapes>(), coalescer);
        var other = CoalescingProxy.Create(Mock.Of<IUserRepository>(), new Coalescer());

        Assert.Multiple(() =>
        {
            Assert.That(InterceptorOf(first), Is.SameAs(InterceptorOf(second)));
            Assert.That(InterceptorOf(first), Is.Not.SameAs(InterceptorOf(other)));
        });
    }

    [Test]
    public void Only_proxies_made_by_this_package_are_recognised()
    {
        var target = Mock.Of<IShapes>();
        var ownProxy = new ProxyGenerator().CreateInterfaceProxyWithTargetInterface(
            target,
            new CoalescingInterceptor(new Coalescer()).ToInterceptor());

        Assert.Multiple(() =>
        {
            Assert.That(ProxyFactory.IsCoalescingProxy(CoalescingProxy.Create(target, new Coalescer())), Is.True);
            Assert.That(ProxyFactory.IsCoalescingProxy(target), Is.False, "a Moq object is a Castle proxy too");
            Assert.That(ProxyFactory.IsCoalescingProxy(ownProxy), Is.False, "a proxy built by hand");
            Assert.That(ProxyFactory.IsCoalescingProxy(new GatedShapes()), Is.False);
        });
    }

    [Test]
    public void An_additional_interface_that_cannot_be_coalesced_fails_the_creation()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => ProxyFactory.Create(
            typeof(IPlain),
            [typeof(IWithRef)],
            Mock.Of<IPlain>(),
            ProxyFactory.InterceptorFor(new Coalescer())));
        Assert.That(exception!.Message, Does.StartWith("Interface 'IWithRef', method 'Read'"));
    }

    private static IInterceptor InterceptorOf(object proxy) => ((IProxyTargetAccessor)proxy).GetInterceptors().Single();
}
