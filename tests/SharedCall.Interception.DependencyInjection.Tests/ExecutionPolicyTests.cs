using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace SharedCall.Interception.DependencyInjection.Tests;

/// <summary>Timeouts and reuse windows through Microsoft's container, with a fake clock.</summary>
public class ExecutionPolicyTests
{
    private readonly FakeTimeProvider _time = new();

    private ServiceProvider Build(WorkGate gate) => new ServiceCollection()
        .AddSingleton(gate)
        .AddCoalescing(options => options.TimeProvider = _time)
        .AddScoped<Db>()
        .AddScoped<IPolicyRepository, PolicyRepository>()
        .Coalesce<IPolicyRepository>()
        .BuildServiceProvider(validateScopes: true);

    [Test]
    public async Task A_hung_execution_times_out_and_its_scope_is_disposed_when_the_work_returns()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate);
        await using var scope = provider.CreateAsyncScope();
        var db = await HungExecutionScenario.RunAsync(scope.ServiceProvider.GetRequiredService<IPolicyRepository>(), gate, _time.Advance);

        Assert.That(db.Disposals, Is.EqualTo(1), "the work saw its token cancelled, returned, and its scope went with it");
        Assert.That(provider.GetRequiredService<Coalescer>().GetStats().Errors, Is.EqualTo(1));
    }

    [Test]
    public async Task Callers_from_other_scopes_reuse_a_result_within_its_window()
    {
        var gate = new WorkGate();
        await using var provider = Build(gate);
        await using var scopeA = provider.CreateAsyncScope();
        await using var scopeB = provider.CreateAsyncScope();

        var first = await scopeA.ServiceProvider.GetRequiredService<IPolicyRepository>().GetReusedAsync(2);
        var second = await scopeB.ServiceProvider.GetRequiredService<IPolicyRepository>().GetReusedAsync(2);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var third = await scopeB.ServiceProvider.GetRequiredService<IPolicyRepository>().GetReusedAsync(2);

        Assert.That((first, second, third), Is.EqualTo(("row 2", "row 2", "row 2")));
        Assert.That(gate.UsedBy, Has.Count.EqualTo(2));
        Assert.That(gate.UsedBy.All(db => db.Disposals == 1), Is.True);
        Assert.That(provider.GetRequiredService<Coalescer>().GetStats(), Is.EqualTo(new CoalescingStats(1, 2, 0, 0)));
    }
}
