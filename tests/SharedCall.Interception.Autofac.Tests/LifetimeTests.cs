using Castle.DynamicProxy;

namespace SharedCall.Interception.Autofac.Tests;

/// <summary>Behaviours 6 and 8: every lifetime, and coalescing across instances that share the coalescer.</summary>
public class LifetimeTests
{
    public enum Lifetime
    {
        PerDependency,
        PerLifetimeScope,
        SingleInstance,
        PerMatchingScope,
    }

    private static IContainer Build(Lifetime lifetime)
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(new Gate());
        var registration = builder.RegisterType<Repo>().As<IRepo>().EnableInterfaceInterceptors();
        _ = lifetime switch
        {
            Lifetime.PerDependency => registration.InstancePerDependency(),
            Lifetime.PerLifetimeScope => registration.InstancePerLifetimeScope(),
            Lifetime.SingleInstance => registration.SingleInstance(),
            Lifetime.PerMatchingScope => registration.InstancePerMatchingLifetimeScope("request"),
            _ => throw new ArgumentOutOfRangeException(nameof(lifetime)),
        };
        return builder.Build();
    }

    [Test]
    public async Task Calls_coalesce_across_scopes_with_every_lifetime([Values] Lifetime lifetime)
    {
        await using var container = Build(lifetime);
        var scopes = Enumerable.Range(0, 4).Select(_ => container.BeginLifetimeScope("request")).ToList();
        var repos = scopes.Select(s => s.Resolve<IRepo>()).ToList();

        var calls = repos.Select(r => r.GetAsync(1, CancellationToken.None)).ToList();
        container.Resolve<Gate>().Release(9);

        Assert.Multiple(async () =>
        {
            Assert.That(repos, Is.All.Matches<IRepo>(ProxyUtil.IsProxy));
            Assert.That(await Task.WhenAll(calls).WaitAsync(Bounded.Timeout), Is.All.EqualTo(9));
            Assert.That(container.Resolve<Gate>().Calls, Is.EqualTo(1));
        });
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }
    }

    [Test]
    public void Sharing_stores_the_proxy_per_scope_as_the_lifetime_says()
    {
        using var scoped = Build(Lifetime.PerLifetimeScope);
        using var single = Build(Lifetime.SingleInstance);
        using var perDependency = Build(Lifetime.PerDependency);
        using var scopeA = scoped.BeginLifetimeScope();
        using var scopeB = scoped.BeginLifetimeScope();
        using var singleScope = single.BeginLifetimeScope();

        var inScopeA = scopeA.Resolve<IRepo>();
        var firstDependency = perDependency.Resolve<IRepo>();
        Assert.Multiple(() =>
        {
            Assert.That(scopeA.Resolve<IRepo>(), Is.SameAs(inScopeA));
            Assert.That(scopeB.Resolve<IRepo>(), Is.Not.SameAs(inScopeA));
            Assert.That(singleScope.Resolve<IRepo>(), Is.SameAs(single.Resolve<IRepo>()));
            Assert.That(perDependency.Resolve<IRepo>(), Is.Not.SameAs(firstDependency));
        });
    }

    [Test]
    public void Disposing_the_scope_disposes_the_real_instance_behind_the_proxy()
    {
        using var container = Build(Lifetime.PerLifetimeScope);
        Repo target;
        using (var scope = container.BeginLifetimeScope())
        {
            target = (Repo)((IProxyTargetAccessor)scope.Resolve<IRepo>()).DynProxyGetTarget()!;
            Assert.That(target.IsDisposed, Is.False);
        }

        Assert.That(target.IsDisposed, Is.True);
    }

    [Test]
    public async Task A_thousand_concurrent_callers_each_in_its_own_scope_run_the_target_once()
    {
        const int Callers = 1000;
        await using var container = Build(Lifetime.PerLifetimeScope);
        var coalescer = container.Resolve<Coalescer>();
        var gate = container.Resolve<Gate>();

        var calls = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            await using var request = container.BeginLifetimeScope();
            return await request.Resolve<IRepo>().GetAsync(7, CancellationToken.None);
        })).ToList();
        await Bounded.UntilHitsAsync(coalescer, Callers - 1);
        gate.Release(6);
        var results = await Task.WhenAll(calls).WaitAsync(Bounded.Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(results, Has.Length.EqualTo(Callers).And.All.EqualTo(42));
            Assert.That(gate.Calls, Is.EqualTo(1));
            Assert.That(coalescer.GetStats(), Is.EqualTo(new CoalescingStats(Callers - 1, 1, 0, 0)));
        });
    }
}
