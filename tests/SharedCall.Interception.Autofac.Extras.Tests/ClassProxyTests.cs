using Autofac;
using Autofac.Core;
using Autofac.Extras.DynamicProxy;

namespace SharedCall.Tests.AutofacExtras;

/// <summary>A class whose method implementing a coalesced interface method cannot be overridden.</summary>
public class SealedMethodShapes(Gate gate) : VirtualShapes(gate)
{
    public sealed override Task<int> TaskOfT(int id) => base.TaskOfT(id);
}

/// <summary>Extras' EnableClassInterceptors(): the proxy derives from the class and intercepts its virtual methods.</summary>
public class ClassProxyTests
{
    [Test]
    public async Task A_virtual_method_implementing_a_coalesced_interface_method_coalesces()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<VirtualShapes>().As<IShapes>().EnableClassInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        await using var container = builder.Build();
        var proxy = container.Resolve<IShapes>();

        var results = await Callers.RunAsync(container.Resolve<Coalescer>(), gate, () => proxy.TaskOfT(6));

        Assert.That((results.Distinct(), gate.Executions, proxy.Plain(1)), Is.EqualTo((new[] { 60 }, 1, 1)));
    }

    [Test]
    public async Task Class_proxy_calls_and_interface_proxy_calls_share_one_key()
    {
        using var gate = new Gate();
        var builder = Containers.NewBuilder(gate);
        builder.RegisterType<VirtualShapes>().Keyed<IShapes>("class").EnableClassInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        builder.RegisterType<Shapes>().Keyed<IShapes>("interface").EnableInterfaceInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        await using var container = builder.Build();
        var coalescer = container.Resolve<Coalescer>();
        var byClass = container.ResolveKeyed<IShapes>("class");
        var byInterface = container.ResolveKeyed<IShapes>("interface");

        var first = byClass.TaskOfT(1);
        var second = byInterface.TaskOfT(1);
        await Bounded.UntilHitsAsync(coalescer, 1);
        gate.Release();

        Assert.That((await first, await second, gate.Executions), Is.EqualTo((10, 10, 1)));
    }

    [Test]
    public void A_non_virtual_method_implementing_a_coalesced_interface_method_fails_at_the_first_resolve()
    {
        var builder = Containers.NewBuilder(new Gate());
        builder.RegisterType<SealedMethodShapes>().As<IShapes>().EnableClassInterceptors().InterceptedBy(typeof(CoalescingInterceptor));
        using var container = builder.Build();

        var exception = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IShapes>());

        Assert.That(
            Bounded.AllMessages(exception!),
            Does.Contain("SealedMethodShapes").And.Contain("'TaskOfT'").And.Contain("not virtual").And.Contain("public virtual"));
    }

    [Test]
    public void With_GenerationOptions_a_non_virtual_coalesced_method_fails_when_the_proxy_type_is_made()
    {
        var builder = Containers.NewBuilder(new Gate());

        // Extras makes a class proxy's type when EnableClassInterceptors() is called, so the hook fails there.
        var exception = Assert.Catch(() => builder.RegisterType<SealedMethodShapes>().As<IShapes>()
            .EnableClassInterceptors(CoalescingProxy.GenerationOptions).InterceptedBy(typeof(CoalescingInterceptor)));

        Assert.That(Bounded.AllMessages(exception!), Does.Contain("SealedMethodShapes").And.Contain("not virtual"));
    }
}
