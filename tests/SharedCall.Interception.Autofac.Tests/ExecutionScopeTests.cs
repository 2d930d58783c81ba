using Autofac.Core;

namespace SharedCall.Interception.Autofac.Tests;

/// <summary>An execution serves every caller, so it runs in a lifetime scope of its own, never in the leader's.</summary>
public class ExecutionScopeTests
{
    private static IContainer Build(WorkGate gate, Action<ContainerBuilder> register)
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterInstance(gate);
        register(builder);
        return builder.Build();
    }

    [Test]
    public async Task A_joined_caller_gets_its_row_when_the_leader_cancels_and_its_scope_is_disposed()
    {
        var gate = new WorkGate();
        await using var container = Build(gate, b =>
        {
            b.RegisterType<Db>().InstancePerLifetimeScope();
            b.RegisterType<RowRepository>().As<IRowRepository>().InstancePerLifetimeScope().EnableInterfaceInterceptors();
        });
        var scopeA = container.BeginLifetimeScope();
        await using var scopeB = container.BeginLifetimeScope();
        var dbOfA = scopeA.Resolve<Db>();
        var callB = await LeaderCancelsScenario.RunAsync(scopeA.Resolve<IRowRepository>(), scopeB.Resolve<IRowRepository>(), scopeA.DisposeAsync, gate);

        Assert.That(await callB.WaitAsync(Bounded.Timeout), Is.EqualTo("row 1"));
        var dbOfExecution = gate.UsedBy.Single();
        Assert.Multiple(() =>
        {
            Assert.That(dbOfExecution, Is.Not.SameAs(dbOfA).And.Not.SameAs(scopeB.Resolve<Db>()));
            Assert.That(dbOfExecution.Reads, Is.EqualTo(1));
            Assert.That(dbOfExecution.Disposals, Is.EqualTo(1), "the execution's scope is disposed once, before the outcome is published");
            Assert.That(dbOfA.Reads, Is.Zero, "the work never touches the leader's session");
        });
    }

    [Test]
    public async Task With_ExecutionScope_Caller_the_work_runs_on_the_leaders_instance()
    {
        var gate = new WorkGate();
        await using var container = Build(gate, b =>
        {
            b.RegisterType<Db>().InstancePerLifetimeScope();
            b.RegisterType<RowRepository>().As<IRowRepository>().InstancePerLifetimeScope().EnableInterfaceInterceptors(ExecutionScope.Caller);
        });
        await using var scope = container.BeginLifetimeScope();

        Assert.That(scope.Resolve<IRowRepository>().Get(1), Is.EqualTo("row 1"));
        Assert.That(gate.UsedBy.Single(), Is.SameAs(scope.Resolve<Db>()));
    }

    [Test]
    public async Task An_instance_per_dependency_service_runs_on_a_new_scope_disposed_before_the_call_returns()
    {
        var gate = new WorkGate();
        await using var container = Build(gate, b =>
        {
            b.RegisterType<Db>().InstancePerLifetimeScope();
            b.RegisterType<RowRepository>().As<IRowRepository>().EnableInterfaceInterceptors();
        });
        await using var scope = container.BeginLifetimeScope();

        Assert.That(scope.Resolve<IRowRepository>().Get(5), Is.EqualTo("row 5"));
        var db = gate.UsedBy.Single();
        Assert.That(db, Is.Not.SameAs(scope.Resolve<Db>()));
        Assert.That(db.Disposals, Is.EqualTo(1));
    }

    [Test]
    public async Task A_single_instance_keeps_calling_its_one_instance()
    {
        var gate = new WorkGate();
        await using var container = Build(gate, b =>
        {
            b.RegisterType<Db>().SingleInstance();
            b.RegisterType<RowRepository>().As<IRowRepository>().SingleInstance().EnableInterfaceInterceptors();
        });

        container.Resolve<IRowRepository>().Get(1);
        container.Resolve<IRowRepository>().Get(2);

        Assert.That(gate.UsedBy.Distinct().Single(), Is.SameAs(container.Resolve<Db>()));
    }

    [Test]
    public async Task A_tagged_registration_runs_in_a_scope_with_the_same_tag()
    {
        var gate = new WorkGate();
        await using var container = Build(gate, b =>
        {
            b.RegisterType<RequestSession>().InstancePerMatchingLifetimeScope("request");
            b.RegisterType<RequestRowRepository>().As<IRowRepository>().InstancePerMatchingLifetimeScope("request").EnableInterfaceInterceptors();
        });
        await using var request = container.BeginLifetimeScope("request");
        var sessionOfCaller = request.Resolve<RequestSession>();

        Assert.That(await request.Resolve<IRowRepository>().GetAsync(9, CancellationToken.None).WaitAsync(Bounded.Timeout), Is.EqualTo("row 9"));
        Assert.That(sessionOfCaller.Disposed, Is.False);
    }

    [Test]
    public async Task A_scoped_service_that_needs_the_callers_tag_runs_in_a_scope_with_that_tag()
    {
        var gate = new WorkGate();
        await using var container = Build(gate, b =>
        {
            b.RegisterType<RequestSession>().InstancePerMatchingLifetimeScope("request");
            b.RegisterType<RequestRowRepository>().As<IRowRepository>().InstancePerLifetimeScope().EnableInterfaceInterceptors();
        });
        await using var request = container.BeginLifetimeScope("request");
        await using var inner = request.BeginLifetimeScope();

        Assert.That(inner.Resolve<IRowRepository>().Get(4), Is.EqualTo("row 4"));
    }

    [Test]
    public async Task A_dependency_the_execution_scope_cannot_resolve_fails_with_what_to_do()
    {
        var gate = new WorkGate();
        await using var container = Build(gate, b =>
            b.RegisterType<RequestRowRepository>().As<IRowRepository>().InstancePerLifetimeScope().EnableInterfaceInterceptors());

        // The session exists only in this child scope's own registrations: the execution's scope, begun from the container, cannot see it.
        await using var scope = container.BeginLifetimeScope(b => b.RegisterType<RequestSession>().InstancePerLifetimeScope());
        var repository = scope.Resolve<IRowRepository>();

        var error = Assert.Throws<DependencyResolutionException>(() => repository.Get(1));
        Assert.That(error!.Message, Does.Contain("its own lifetime scope").And.Contain("ExecutionScope.Caller"));
        Assert.That(error.InnerException, Is.InstanceOf<DependencyResolutionException>());
    }
}
