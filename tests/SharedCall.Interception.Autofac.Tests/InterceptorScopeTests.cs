namespace SharedCall.Interception.Autofac.Tests;

/// <summary>
/// The middleware keeps RegisterCoalescing's container-wide interceptor per registry, so these pin that a scope
/// registering its own interceptor still gets it, before and after the container-wide one has been used.
/// </summary>
public class InterceptorScopeTests
{
    [Test]
    public async Task A_scope_that_registers_its_own_interceptor_coalesces_through_it()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(new Gate());
        builder.RegisterType<Repo>().As<IRepo>().InstancePerLifetimeScope().EnableInterfaceInterceptors();
        await using var container = builder.Build();
        var rootCoalescer = container.Resolve<Coalescer>();
        var scopeCoalescer = new Coalescer();

        await using (var before = container.BeginLifetimeScope())
        {
            _ = before.Resolve<IRepo>().GetAsync(1, CancellationToken.None);
        }

        await using var scope = container.BeginLifetimeScope(b => b.RegisterInstance(new CoalescingInterceptor(scopeCoalescer)));
        _ = scope.Resolve<IRepo>().GetAsync(2, CancellationToken.None);
        await using (var after = container.BeginLifetimeScope())
        {
            _ = after.Resolve<IRepo>().GetAsync(3, CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(scopeCoalescer.GetStats().Misses, Is.EqualTo(1), "the scope's call went through its own interceptor");
            Assert.That(rootCoalescer.GetStats().Misses, Is.EqualTo(2), "the other scopes' calls went through the container's");
        });
        container.Resolve<Gate>().Release(1);
    }
}
