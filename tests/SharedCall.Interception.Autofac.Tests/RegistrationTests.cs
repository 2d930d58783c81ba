using Castle.DynamicProxy;

namespace SharedCall.Interception.Autofac.Tests;

/// <summary>RegisterCoalescing(): the shared coalescer and the interceptor.</summary>
public class RegistrationTests
{
    [Test]
    public void The_coalescer_is_a_resolvable_singleton_configured_by_the_callback()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing(options => options.Name = "users");
        using var container = builder.Build();
        using var scope = container.BeginLifetimeScope();

        var coalescer = container.Resolve<Coalescer>();
        Assert.Multiple(() =>
        {
            Assert.That(coalescer.Name, Is.EqualTo("users"));
            Assert.That(scope.Resolve<Coalescer>(), Is.SameAs(coalescer));
            Assert.That(container.Resolve<CoalescingInterceptor>(), Is.SameAs(scope.Resolve<CoalescingInterceptor>()));
        });
    }

    [Test]
    public void Calling_RegisterCoalescing_twice_keeps_one_coalescer_the_first()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing(options => options.Name = "first");
        builder.RegisterCoalescing(options => options.Name = "second");
        using var container = builder.Build();

        Assert.Multiple(() =>
        {
            Assert.That(container.Resolve<IEnumerable<Coalescer>>().Count(), Is.EqualTo(1));
            Assert.That(container.Resolve<IEnumerable<CoalescingInterceptor>>().Count(), Is.EqualTo(1));
            Assert.That(container.Resolve<Coalescer>().Name, Is.EqualTo("first"));
        });
    }

    [Test]
    public void A_coalescer_registered_before_RegisterCoalescing_is_the_one_proxies_use()
    {
        var mine = new Coalescer(new CoalescerOptions { Name = "mine" });
        var builder = new ContainerBuilder();
        builder.RegisterInstance(mine);
        builder.RegisterCoalescing();
        builder.RegisterInstance(new Gate());
        builder.RegisterType<Repo>().As<IRepo>().EnableInterfaceInterceptors();
        using var container = builder.Build();

        _ = container.Resolve<IRepo>().GetAsync(1, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(container.Resolve<Coalescer>(), Is.SameAs(mine));
            Assert.That(mine.GetStats().Misses, Is.EqualTo(1));
        });
        container.Resolve<Gate>().Release(1);
    }

    [Test]
    public async Task Stats_and_Forget_through_the_resolved_coalescer()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(new Gate());
        builder.RegisterType<Repo>().As<IRepo>().EnableInterfaceInterceptors();
        await using var container = builder.Build();
        var repo = container.Resolve<IRepo>();
        var coalescer = container.Resolve<Coalescer>();

        var first = repo.GetAsync(3, CancellationToken.None);
        var second = repo.GetAsync(3, CancellationToken.None);
        var forgotten = coalescer.Forget(CallKey.Of<IRepo>(r => r.GetAsync(3, default)));
        var third = repo.GetAsync(3, CancellationToken.None);
        container.Resolve<Gate>().Release(2);
        await Task.WhenAll(first, second, third).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(forgotten, Is.True);
            Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(Hits: 1, Misses: 2, Errors: 0, Active: 0)));
            Assert.That(container.Resolve<Gate>().Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public void Enabling_interception_twice_wraps_the_instance_once()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(new Gate());
        builder.RegisterType<Repo>().As<IRepo>().EnableInterfaceInterceptors().EnableInterfaceInterceptors();
        using var container = builder.Build();

        var repo = container.Resolve<IRepo>();
        Assert.That(((IProxyTargetAccessor)repo).DynProxyGetTarget(), Is.InstanceOf<Repo>());
    }
}
