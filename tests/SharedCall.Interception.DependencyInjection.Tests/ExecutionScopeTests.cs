using Microsoft.Extensions.DependencyInjection;

namespace SharedCall.Interception.DependencyInjection.Tests;

/// <summary>An execution serves every caller, so it runs on a scope of its own, never on the leader's.</summary>
public class ExecutionScopeTests
{
    private static ServiceProvider Build(WorkGate gate, ExecutionScope? executionScope = null, ServiceLifetime lifetime = ServiceLifetime.Scoped)
    {
        var services = new ServiceCollection()
            .AddSingleton(gate)
            .AddCoalescing()
            .AddScoped<Db>();
        services.Add(ServiceDescriptor.Describe(typeof(IRowRepository), typeof(RowRepository), lifetime));
        if (executionScope is { } chosen)
        {
            services.Coalesce<IRowRepository>(chosen);
        }
        else
        {
            services.Coalesce<IRowRepository>();
        }

        return services.BuildServiceProvider(validateScopes: true);
    }

    [Test]
    public async Task A_joined_caller_gets_its_row_when_the_leader_cancels_and_its_scope_is_disposed()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate);
        await using var scopeB = provider.CreateAsyncScope();
        var (callB, dbOfA) = await LeaderCancelsAndItsScopeEndsAsync(provider, scopeB, gate);

        Assert.That(await callB.WaitAsync(Bounded.Timeout), Is.EqualTo("row 1"));
        Assert.That(gate.UsedBy, Has.Count.EqualTo(1));
        var dbOfExecution = gate.UsedBy.Single();
        Assert.Multiple(() =>
        {
            Assert.That(dbOfExecution, Is.Not.SameAs(dbOfA).And.Not.SameAs(scopeB.ServiceProvider.GetRequiredService<Db>()));
            Assert.That(dbOfExecution.Reads, Is.EqualTo(1));
            Assert.That(dbOfExecution.Disposals, Is.EqualTo(1), "the execution's scope is disposed once, before the outcome is published");
            Assert.That(dbOfA.Reads, Is.Zero, "the work never touches the leader's session");
            Assert.That(dbOfA.Disposals, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task With_ExecutionScope_Caller_the_work_runs_on_the_leaders_instance()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate, ExecutionScope.Caller);
        await using var scopeB = provider.CreateAsyncScope();
        var (callB, dbOfA) = await LeaderCancelsAndItsScopeEndsAsync(provider, scopeB, gate);

        // The hole the default closes: the leader's session was disposed under the execution.
        Assert.That(async () => await callB.WaitAsync(Bounded.Timeout), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(gate.UsedBy.Single(), Is.SameAs(dbOfA));
    }

    private static async Task<(Task<string> CallB, Db DbOfA)> LeaderCancelsAndItsScopeEndsAsync(ServiceProvider provider, AsyncServiceScope scopeB, WorkGate gate)
    {
        var scopeA = provider.CreateAsyncScope();
        var dbOfA = scopeA.ServiceProvider.GetRequiredService<Db>();
        var callB = await LeaderCancelsScenario.RunAsync(
            scopeA.ServiceProvider.GetRequiredService<IRowRepository>(),
            scopeB.ServiceProvider.GetRequiredService<IRowRepository>(),
            scopeA.DisposeAsync,
            gate);
        return (callB, dbOfA);
    }

    [Test]
    public async Task The_execution_scope_is_disposed_when_the_work_fails()
    {
        var gate = new WorkGate { Failure = new InvalidOperationException("backend down") };
        await using var provider = Build(gate);
        await using var scope = provider.CreateAsyncScope();
        gate.Release.SetResult();

        Assert.That(
            async () => await scope.ServiceProvider.GetRequiredService<IRowRepository>().GetAsync(1, CancellationToken.None).WaitAsync(Bounded.Timeout),
            Throws.InvalidOperationException.With.Message.EqualTo("backend down"));
        Assert.That(gate.UsedBy.Single().Disposals, Is.EqualTo(1));
    }

    [Test]
    public async Task The_execution_scope_is_disposed_when_every_caller_cancelled()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate);
        await using var scope = provider.CreateAsyncScope();
        using var token = new CancellationTokenSource();

        var call = scope.ServiceProvider.GetRequiredService<IRowRepository>().GetAsync(1, token.Token);
        await gate.Started.Task.WaitAsync(Bounded.Timeout);
        await token.CancelAsync();
        Assert.That(async () => await call.WaitAsync(Bounded.Timeout), Throws.InstanceOf<OperationCanceledException>());

        // The work saw its token cancelled; its scope goes when it returns.
        var db = gate.UsedBy.Single();
        await db.UntilDisposedAsync(Bounded.Timeout);

        Assert.That(db.Disposals, Is.EqualTo(1));
        Assert.That(db.Reads, Is.Zero);
    }

    [Test]
    public async Task A_synchronous_method_runs_on_the_execution_scope_and_disposes_it_before_returning()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate, lifetime: ServiceLifetime.Transient);
        await using var scope = provider.CreateAsyncScope();

        var row = scope.ServiceProvider.GetRequiredService<IRowRepository>().Get(7);

        Assert.That(row, Is.EqualTo("row 7"));
        var db = gate.UsedBy.Single();
        Assert.That(db, Is.Not.SameAs(scope.ServiceProvider.GetRequiredService<Db>()));
        Assert.That(db.Disposals, Is.EqualTo(1));
    }

    [Test]
    public async Task Joined_callers_resolve_no_target_and_every_execution_gets_a_new_scope()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate);
        var scopes = Enumerable.Range(0, 20).Select(_ => provider.CreateAsyncScope()).ToArray();

        var calls = scopes.Select(s => s.ServiceProvider.GetRequiredService<IRowRepository>().GetAsync(3, CancellationToken.None)).ToArray();
        gate.Release.SetResult();
        var rows = await Task.WhenAll(calls).WaitAsync(Bounded.Timeout);
        var again = await scopes[0].ServiceProvider.GetRequiredService<IRowRepository>().GetAsync(3, CancellationToken.None).WaitAsync(Bounded.Timeout);

        Assert.That(rows, Has.All.EqualTo("row 3"));
        Assert.That(again, Is.EqualTo("row 3"));
        Assert.That(gate.UsedBy, Has.Count.EqualTo(2));
        Assert.That(gate.UsedBy.Distinct().Count(), Is.EqualTo(2));
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }
    }

    [Test]
    public async Task A_singleton_keeps_calling_its_one_instance()
    {
        var gate = new WorkGate();
        var services = new ServiceCollection()
            .AddSingleton(gate)
            .AddCoalescing()
            .AddSingleton<Db>()
            .AddSingleton<IRowRepository, RowRepository>()
            .Coalesce<IRowRepository>();
        await using var provider = services.BuildServiceProvider();

        var repository = provider.GetRequiredService<IRowRepository>();
        repository.Get(1);
        repository.Get(2);

        Assert.That(gate.UsedBy.Distinct().Single(), Is.SameAs(provider.GetRequiredService<Db>()));
        Assert.That(provider.GetRequiredService<Db>().Disposals, Is.Zero);
    }
}
