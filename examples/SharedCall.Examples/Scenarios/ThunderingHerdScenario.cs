using System.Collections.Concurrent;
using Autofac;
using SharedCall.Examples.Reporting;
using SharedCall.Examples.Simulation;
using SharedCall.Interception;

namespace SharedCall.Examples.Scenarios;

public sealed record Dashboard(string Name, DateTimeOffset ComputedAt);

/// <summary>The expensive recompute behind the cache: what a stampede hammers.</summary>
public interface IDashboardSource
{
    [Coalesced]
    Task<Dashboard> ComputeAsync(string name, CancellationToken cancellationToken = default);
}

public sealed class DashboardSource(SlowComputation computation, TimeProvider clock) : IDashboardSource
{
    public Task<Dashboard> ComputeAsync(string name, CancellationToken cancellationToken = default) =>
        computation.RunAsync(() => new Dashboard(name, clock.GetUtcNow()), cancellationToken);
}

/// <summary>A plain cache-aside in front of the source: on a miss every caller recomputes, unless the source is coalesced.</summary>
public sealed class DashboardCache(IDashboardSource source, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (Dashboard Value, DateTimeOffset Expires)> _entries = new();

    public void Put(string name, Dashboard value, DateTimeOffset expires) => _entries[name] = (value, expires);

    public async Task<Dashboard> GetAsync(string name)
    {
        if (_entries.TryGetValue(name, out var entry) && entry.Expires > clock.GetUtcNow())
        {
            return entry.Value;
        }

        var fresh = await source.ComputeAsync(name);
        Put(name, fresh, clock.GetUtcNow().AddMinutes(5));
        return fresh;
    }
}

/// <summary>A cache entry expires while 100 users want it; the recompute takes 2 s.</summary>
public static class ThunderingHerdScenario
{
    public const string Name = "thundering-herd";

    public static async Task<ScenarioResult> RunAsync(int requests = 100)
    {
        var (without, _) = await RunSideAsync(coalesced: false, requests);
        var (with, rate) = await RunSideAsync(coalesced: true, requests);
        return new ScenarioResult(
            Name,
            $"Cache stampede: an entry expires and {requests} users hit it at once",
            "in-process cache-aside; the simulated recompute takes 2 s and has no pool limit (shared-call-py's model)",
            "database hits",
            without,
            with,
            rate);
    }

    private static async Task<(RunResult, double)> RunSideAsync(bool coalesced, int requests)
    {
        var computation = new SlowComputation(TimeSpan.FromSeconds(2));
        using var container = ScenarioContainer.Build<IDashboardSource, DashboardSource>(coalesced, b =>
        {
            b.RegisterInstance(computation);
            b.RegisterInstance(TimeProvider.System);
        });
        var cache = new DashboardCache(container.Resolve<IDashboardSource>(), TimeProvider.System);
        var now = TimeProvider.System.GetUtcNow();
        cache.Put("sales", new Dashboard("sales", now.AddMinutes(-5)), expires: now.AddSeconds(-1)); // just expired

        var result = await LoadRunner.RunAsync(requests, _ => cache.GetAsync("sales"), () => computation.Runs);
        return (result, ScenarioContainer.CoalescingRate(container));
    }
}
