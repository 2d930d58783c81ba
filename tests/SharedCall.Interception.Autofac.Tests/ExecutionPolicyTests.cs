using Microsoft.Extensions.Time.Testing;

namespace SharedCall.Interception.Autofac.Tests;

/// <summary>Timeouts and reuse windows through Autofac, with a fake clock.</summary>
public class ExecutionPolicyTests
{
    private readonly FakeTimeProvider _time = new();

    private IContainer Build(WorkGate gate)
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing(options => options.TimeProvider = _time);
        builder.RegisterInstance(gate);
        builder.RegisterType<Db>().InstancePerLifetimeScope();
        builder.RegisterType<PolicyRepository>().As<IPolicyRepository>().InstancePerLifetimeScope().EnableInterfaceInterceptors();
        return builder.Build();
    }

    [Test]
    public async Task A_hung_execution_times_out_and_its_scope_is_disposed_when_the_work_returns()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate);
        await using var scope = provider.BeginLifetimeScope();
        var db = await HungExecutionScenario.RunAsync(scope.Resolve<IPolicyRepository>(), gate, _time.Advance);

        Assert.That(db.Disposals, Is.EqualTo(1), "the work saw its token cancelled, returned, and its scope went with it");
        Assert.That(provider.Resolve<Coalescer>().GetStats().Errors, Is.EqualTo(1));
    }

    [Test]
    public async Task Callers_from_other_scopes_reuse_a_result_within_its_window()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate);
        await using var scopeA = provider.BeginLifetimeScope();
        await using var scopeB = provider.BeginLifetimeScope();

        var first = await scopeA.Resolve<IPolicyRepository>().GetReusedAsync(2);
        var second = await scopeB.Resolve<IPolicyRepository>().GetReusedAsync(2);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var third = await scopeB.Resolve<IPolicyRepository>().GetReusedAsync(2);

        Assert.That((first, second, third), Is.EqualTo(("row 2", "row 2", "row 2")));
        Assert.That(gate.UsedBy, Has.Count.EqualTo(2));
        Assert.That(gate.UsedBy.All(db => db.Disposals == 1), Is.True);
        Assert.That(provider.Resolve<Coalescer>().GetStats(), Is.EqualTo(new CoalescingStats(1, 2, 0, 0)));
    }
}
