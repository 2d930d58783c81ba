using Castle.DynamicProxy;

namespace SharedCall.Interception.Autofac.Tests;

/// <summary>Behaviour 8: which services are proxied, whatever the registration style.</summary>
public class ServiceTests
{
    private static async Task AssertCoalescesAsync(IContainer container, Func<IComponentContext, IRepo> resolve)
    {
        var calls = Enumerable.Range(0, 5).Select(_ => resolve(container).GetAsync(2, CancellationToken.None)).ToList();
        container.Resolve<Gate>().Release(21);
        Assert.Multiple(async () =>
        {
            Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(42));
            Assert.That(container.Resolve<Gate>().Calls, Is.EqualTo(1));
        });
    }

    private static ContainerBuilder NewBuilder()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(new Gate());
        return builder;
    }

    [Test]
    public async Task As_an_interface()
    {
        var builder = NewBuilder();
        builder.RegisterType<Repo>().As<IRepo>().EnableInterfaceInterceptors();
        await using var container = builder.Build();

        Assert.That(ProxyUtil.IsProxy(container.Resolve<IRepo>()), Is.True);
        await AssertCoalescesAsync(container, c => c.Resolve<IRepo>());
    }

    [Test]
    public async Task AsImplementedInterfaces_gives_one_proxy_that_implements_every_interface()
    {
        var builder = NewBuilder();
        builder.RegisterType<Repo>().AsImplementedInterfaces().SingleInstance().EnableInterfaceInterceptors();
        await using var container = builder.Build();

        var audit = container.Resolve<IAudit>();
        var repo = container.Resolve<IRepo>();
        Assert.Multiple(() =>
        {
            Assert.That(audit, Is.SameAs(repo), "one shared instance, the proxy, for every service");
            Assert.That(repo.Plain(5), Is.EqualTo(5));
        });
        await AssertCoalescesAsync(container, c => c.Resolve<IRepo>());
    }

    [Test]
    public async Task Two_As_calls_on_a_singleton_share_the_proxy_whichever_service_is_resolved_first()
    {
        var builder = NewBuilder();
        builder.RegisterType<Repo>().As<IAudit>().As<IRepo>().SingleInstance().EnableInterfaceInterceptors();
        await using var container = builder.Build();

        var audit = container.Resolve<IAudit>();
        Assert.That(container.Resolve<IRepo>(), Is.SameAs(audit));
        await AssertCoalescesAsync(container, c => c.Resolve<IRepo>());
    }

    [Test]
    public async Task Keyed_services()
    {
        var builder = NewBuilder();
        builder.RegisterType<Repo>().Keyed<IRepo>("primary").EnableInterfaceInterceptors();
        await using var container = builder.Build();

        await AssertCoalescesAsync(container, c => c.ResolveKeyed<IRepo>("primary"));
    }

    [Test]
    public async Task Named_services()
    {
        var builder = NewBuilder();
        builder.RegisterType<Repo>().Named<IRepo>("replica").EnableInterfaceInterceptors();
        await using var container = builder.Build();

        await AssertCoalescesAsync(container, c => c.ResolveNamed<IRepo>("replica"));
    }

    [Test]
    public async Task Open_generic_registrations()
    {
        var builder = NewBuilder();
        builder.RegisterGeneric(typeof(GenericRepo<>)).As(typeof(IGenericRepo<>)).EnableInterfaceInterceptors();
        await using var container = builder.Build();

        var calls = Enumerable.Range(0, 5).Select(_ => container.Resolve<IGenericRepo<long>>().FindAsync(2)).ToList();
        var other = container.Resolve<IGenericRepo<string>>().FindAsync(2);
        container.Resolve<Gate>().Release(21);

        Assert.Multiple(async () =>
        {
            Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(42L));
            Assert.That(await other.WaitAsync(Bounded.Timeout), Is.EqualTo("42"));
            Assert.That(container.Resolve<Gate>().Calls, Is.EqualTo(2), "one execution per closed interface");
        });
    }

    [Test]
    public async Task Registering_an_instance()
    {
        var builder = NewBuilder();
        builder.Register(c => new Repo(c.Resolve<Gate>())).As<IRepo>().EnableInterfaceInterceptors();
        await using var container = builder.Build();

        await AssertCoalescesAsync(container, c => c.Resolve<IRepo>());
    }

    [Test]
    public void A_registration_without_coalesced_members_gets_no_proxy()
    {
        var builder = NewBuilder();
        builder.RegisterType<Audit>().As<IAudit>().EnableInterfaceInterceptors();
        using var container = builder.Build();

        Assert.That(container.Resolve<IAudit>(), Is.InstanceOf<Audit>());
    }

    [Test]
    public void A_registration_without_coalesced_members_needs_no_RegisterCoalescing()
    {
        var builder = new ContainerBuilder();
        builder.RegisterType<Audit>().As<IAudit>().EnableInterfaceInterceptors();
        using var container = builder.Build();

        Assert.That(container.Resolve<IAudit>(), Is.InstanceOf<Audit>());
    }

    [Test]
    public void An_OnActivating_handler_added_after_EnableInterfaceInterceptors_sees_the_proxy()
    {
        object? seen = null;
        var builder = NewBuilder();
        builder.Register<IRepo>(c => new Repo(c.Resolve<Gate>())).EnableInterfaceInterceptors().OnActivating(e => seen = e.Instance);
        using var container = builder.Build();

        var resolved = container.Resolve<IRepo>();
        Assert.That(seen, Is.SameAs(resolved).And.Not.InstanceOf<Repo>());
    }

    [Test]
    public void An_OnActivating_handler_added_before_EnableInterfaceInterceptors_sees_the_real_instance()
    {
        Repo? seen = null;
        var builder = NewBuilder();
        builder.RegisterType<Repo>().As<IRepo>().OnActivating(e => seen = e.Instance).EnableInterfaceInterceptors();
        using var container = builder.Build();

        var resolved = container.Resolve<IRepo>();
        Assert.That(seen, Is.SameAs(((IProxyTargetAccessor)resolved).DynProxyGetTarget()));
    }
}
