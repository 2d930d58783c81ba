using System.Reflection;
using SharedCall.Interception.Advanced;

namespace SharedCall.Interception.Tests;

/// <summary>
/// The interception package's advanced API, which the container packages use instead of its internals: proxies made
/// through it coalesce like <see cref="CoalescingProxy"/>'s, and bad input fails with the same messages.
/// </summary>
public class CoalescingProxyActivatorTests
{
    [Test]
    public async Task Proxies_it_creates_coalesce_through_the_interceptor_they_are_given()
    {
        var coalescer = new Coalescer();
        var activator = CoalescingProxyActivator.For(typeof(IShapes));
        using var target = new GatedShapes();
        var proxy = (IShapes)activator.Create(target, CoalescingProxyActivator.SharedInterceptor(coalescer));
        var other = (IShapes)activator.Create(target, CoalescingProxyActivator.SharedInterceptor(coalescer));

        var first = proxy.TaskOfT(3);
        var second = other.TaskOfT(3);
        await Bounded.UntilHitsAsync(coalescer, 1);
        target.Release();

        Assert.That(await Task.WhenAll(first, second).Bounded(), Is.All.EqualTo(30));
        Assert.Multiple(() =>
        {
            Assert.That(target.Calls, Is.EqualTo(1));
            Assert.That(CoalescingProxyActivator.IsCoalescingProxy(proxy), Is.True);
            Assert.That(CoalescingProxyActivator.IsCoalescingProxy(target), Is.False);
        });
    }

    [Test]
    public void The_shared_interceptor_is_one_per_coalescer()
    {
        var coalescer = new Coalescer();
        var first = CoalescingProxyActivator.SharedInterceptor(coalescer);
        var again = CoalescingProxyActivator.SharedInterceptor(coalescer);
        var other = CoalescingProxyActivator.SharedInterceptor(new Coalescer());
        Assert.Multiple(() =>
        {
            Assert.That(again, Is.SameAs(first));
            Assert.That(other, Is.Not.SameAs(first));
        });
    }

    [Test]
    public void A_proxy_implements_the_additional_interfaces()
    {
        var activator = CoalescingProxyActivator.For(typeof(IShapes), typeof(IPlain));
        var target = new Mock<IShapes>();
        target.As<IPlain>();
        var proxy = activator.Create(target.Object, CoalescingProxyActivator.SharedInterceptor(new Coalescer()));
        Assert.That(proxy, Is.InstanceOf<IShapes>().And.InstanceOf<IPlain>());
    }

    [Test]
    public void Bad_input_fails_with_the_packages_messages()
    {
        var interceptor = CoalescingProxyActivator.SharedInterceptor(new Coalescer());
        Assert.Multiple(() =>
        {
            Assert.That(() => CoalescingProxyActivator.For(typeof(GatedShapes)), Throws.ArgumentException.With.Message.Contains("is not an interface"));
            Assert.That(() => CoalescingProxyActivator.For(typeof(IPlain), typeof(IWithRef)), Throws.InvalidOperationException.With.Message.StartWith("Interface 'IWithRef', method 'Read'"));
            Assert.That(() => CoalescingProxyActivator.EnsureCanProxy(typeof(IWithRef)), Throws.InvalidOperationException.With.Message.StartWith("Interface 'IWithRef', method 'Read'"));
            Assert.That(() => CoalescingProxyActivator.EnsureCanProxy(typeof(GatedShapes)), Throws.ArgumentException);
            Assert.That(() => CoalescingProxyActivator.For(null!), Throws.ArgumentNullException);
            Assert.That(() => CoalescingProxyActivator.For(typeof(IShapes)).Create(null!, interceptor), Throws.ArgumentNullException);
            Assert.That(() => CoalescingProxyActivator.For(typeof(IShapes)).Create(new object(), interceptor), Throws.TypeOf<InvalidCastException>());
        });
    }

    [Test]
    public void No_shipped_package_opens_its_internals_to_another()
    {
        string[] shipped = ["SharedCall", "SharedCall.Interception", "SharedCall.Interception.Autofac", "SharedCall.Interception.DependencyInjection"];
        var friends = new[] { typeof(Coalescer).Assembly, typeof(CoalescingProxy).Assembly }
            .SelectMany(static a => a.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>())
            .Select(static a => a.AssemblyName.Split(',')[0])
            .ToList();
        Assert.That(friends, Has.None.AnyOf(shipped));
    }
}
