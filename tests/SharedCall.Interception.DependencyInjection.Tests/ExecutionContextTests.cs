using Microsoft.Extensions.DependencyInjection;

namespace SharedCall.Interception.DependencyInjection.Tests;

/// <summary>The execution's own scope changes where the target comes from, not whose context the work runs in.</summary>
public class ExecutionContextTests
{
    private static readonly AsyncLocal<string?> s_tenant = new();

    public interface ITenantReader
    {
        [Coalesced]
        Task<string?> ReadTenantAsync(int id);
    }

    [Test]
    public async Task The_work_sees_the_leaders_AsyncLocal_values_and_never_a_joined_callers()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = new ServiceCollection()
            .AddSingleton(gate)
            .AddCoalescing()
            .AddScoped<ITenantReader, TenantReader>()
            .Coalesce<ITenantReader>()
            .BuildServiceProvider(validateScopes: true);
        await using var scopeA = provider.CreateAsyncScope();
        await using var scopeB = provider.CreateAsyncScope();

        var leader = Call(scopeA.ServiceProvider, "tenant A");
        var joined = Call(scopeB.ServiceProvider, "tenant B");
        gate.SetResult();

        Assert.That(await Task.WhenAll(leader, joined).WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(new[] { "tenant A", "tenant A" }));
    }

    // An async method: the AsyncLocal set here is the caller's own and goes back with it.
    private static async Task<string?> Call(IServiceProvider services, string tenant)
    {
        s_tenant.Value = tenant;
        return await services.GetRequiredService<ITenantReader>().ReadTenantAsync(1);
    }

    private sealed class TenantReader(TaskCompletionSource gate) : ITenantReader
    {
        public async Task<string?> ReadTenantAsync(int id)
        {
            await gate.Task;
            return s_tenant.Value;
        }
    }
}
