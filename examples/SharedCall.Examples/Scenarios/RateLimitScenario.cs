using Autofac;
using SharedCall.Examples.Reporting;
using SharedCall.Examples.Simulation;
using SharedCall.Interception;

namespace SharedCall.Examples.Scenarios;

public interface IExchangeRates
{
    // A key template: the coalescing key is "rate:EUR", so coalescer.Forget("rate:EUR") would work too.
    [Coalesced(Key = "rate:{currency}")]
    Task<decimal> GetRateAsync(string currency, CancellationToken cancellationToken = default);
}

public sealed class ExchangeRates(SimulatedUpstreamApi upstream) : IExchangeRates
{
    public Task<decimal> GetRateAsync(string currency, CancellationToken cancellationToken = default) =>
        upstream.CallAsync(() => 1.0842m, cancellationToken);
}

/// <summary>100 concurrent identical requests to an upstream API that allows 10 calls per second.</summary>
public static class RateLimitScenario
{
    public const string Name = "rate-limit";

    public static async Task<ScenarioResult> RunAsync(int requests = 100)
    {
        var (without, _) = await RunSideAsync(coalesced: false, requests);
        var (with, rate) = await RunSideAsync(coalesced: true, requests);
        return new ScenarioResult(
            Name,
            $"Rate limit: {requests} concurrent identical requests to a rate-limited API",
            "simulated upstream API: System.Threading.RateLimiting sliding window of 10 calls per second, ~50 ms latency (shared-call-py's model)",
            "upstream calls",
            without,
            with,
            rate);
    }

    private static async Task<(RunResult, double)> RunSideAsync(bool coalesced, int requests)
    {
        using var upstream = new SimulatedUpstreamApi();
        using var container = ScenarioContainer.Build<IExchangeRates, ExchangeRates>(coalesced, b => b.RegisterInstance(upstream).ExternallyOwned());
        var rates = container.Resolve<IExchangeRates>();

        var result = await LoadRunner.RunAsync(requests, _ => rates.GetRateAsync("EUR"), () => upstream.Calls);
        return (result, ScenarioContainer.CoalescingRate(container));
    }
}
