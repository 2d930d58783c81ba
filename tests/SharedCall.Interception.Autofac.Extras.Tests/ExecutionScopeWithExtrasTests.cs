using Autofac;
using Autofac.Extras.DynamicProxy;
using SharedCall.Interception.Autofac;

namespace SharedCall.Tests.AutofacExtras;

/// <summary>
/// An execution of a scoped service runs in a scope of its own however the proxy was wired: with the user's
/// interceptors in our chain, and with Extras' proxy applied after ours (our proxy then moves outside it).
/// </summary>
public class ExecutionScopeWithExtrasTests
{
    [Test]
    public async Task With_InterceptedBy_under_our_method_a_joined_caller_survives_the_leaders_scope()
    {
        var journal = new Journal();
        var (gate, logging) = await RunLeaderCancelsScenarioAsync(journal, b => b.RegisterType<RowRepository>().As<IRowRepository>()
            .InstancePerLifetimeScope()
            .EnableInterfaceInterceptors()
            .InterceptedBy(typeof(CountingInterceptor)));

        Assert.That(logging, Is.EqualTo(2), "the user's interceptor sees both callers");
        Assert.That(gate.UsedBy.Single().Disposals, Is.EqualTo(1));
    }

    [Test]
    public async Task With_Extras_applied_after_ours_a_joined_caller_survives_the_leaders_scope()
    {
        var journal = new Journal();
        var (gate, logging) = await RunLeaderCancelsScenarioAsync(journal, b => Autofac.Extras.DynamicProxy.RegistrationExtensions
            .EnableInterfaceInterceptors(
                b.RegisterType<RowRepository>().As<IRowRepository>().InstancePerLifetimeScope().EnableInterfaceInterceptors())
            .InterceptedBy(typeof(CountingInterceptor)));

        Assert.That(logging, Is.EqualTo(1), "inside coalescing, the user's interceptor sees the leader's call only");
        Assert.That(gate.UsedBy.Single().Disposals, Is.EqualTo(1));
    }

    // Leader A cancels and its scope is disposed while the work runs; B, joined with no token, must get its row.
    private static async Task<(WorkGate Gate, int Logged)> RunLeaderCancelsScenarioAsync(Journal journal, Action<ContainerBuilder> register)
    {
        var gate = new WorkGate();
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(gate);
        builder.RegisterInstance(journal);
        builder.RegisterType<CountingInterceptor>().SingleInstance();
        builder.RegisterType<Db>().InstancePerLifetimeScope();
        register(builder);
        await using var container = builder.Build();
        var scopeA = container.BeginLifetimeScope();
        await using var scopeB = container.BeginLifetimeScope();
        var dbOfA = scopeA.Resolve<Db>();
        var callB = await LeaderCancelsScenario.RunAsync(scopeA.Resolve<IRowRepository>(), scopeB.Resolve<IRowRepository>(), scopeA.DisposeAsync, gate);

        Assert.That(await callB.WaitAsync(Bounded.Timeout), Is.EqualTo("row 1"));
        Assert.That(dbOfA.Reads, Is.Zero, "the work never touches the leader's session");
        return (gate, container.Resolve<CountingInterceptor>().Calls);
    }
}
