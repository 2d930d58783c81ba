// Observability: a burst of coalesced calls, and exactly what a metrics pipeline receives from the SharedCall meter.
//   dotnet run --project examples/Observability            prints every measurement a MeterListener sees
//   dotnet run --project examples/Observability -- --otel  exports the same through OpenTelemetry's console exporter
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SharedCall;
using SharedCall.Interception;

var useOpenTelemetry = args.Contains("--otel");
var services = new ServiceCollection();
services.AddMetrics();
services.AddCoalescing(options => options.Name = "catalog");
services.AddScoped<IProductRepository, ProductRepository>();
services.Coalesce<IProductRepository>();
if (useOpenTelemetry)
{
    ConfigureOpenTelemetry(services);
}

await using var provider = services.BuildServiceProvider();
using var listener = useOpenTelemetry ? null : PrintingListener.Start();
var meterProvider = provider.GetService<MeterProvider>(); // building it starts the OpenTelemetry pipeline
var tracerProvider = provider.GetService<TracerProvider>();

// The burst: 50 requests, each in its own scope, for 2 products.
var calls = Enumerable.Range(0, 50).Select(async i =>
{
    await using var scope = provider.CreateAsyncScope();
    return await scope.ServiceProvider.GetRequiredService<IProductRepository>().GetProductAsync(i % 2);
});
await Task.WhenAll(calls);

var stats = provider.GetRequiredService<Coalescer>().GetStats("IProductRepository.GetProductAsync");
Console.WriteLine();
Console.WriteLine($"IProductRepository.GetProductAsync: {stats.Misses} executions, {stats.Hits} joined, hit rate {stats.HitRate:P0}");
meterProvider?.ForceFlush();
tracerProvider?.ForceFlush();
return 0;

// README: "Observability" — the OpenTelemetry registration.
static void ConfigureOpenTelemetry(IServiceCollection services)
{
    services.AddOpenTelemetry()
        .WithMetrics(metrics => metrics.AddMeter("SharedCall").AddConsoleExporter())
        .WithTracing(tracing => tracing.AddSource("SharedCall").AddConsoleExporter());
}

public interface IProductRepository
{
    [Coalesced]
    Task<string> GetProductAsync(int id, CancellationToken cancellationToken = default);
}

public sealed class ProductRepository : IProductRepository
{
    public async Task<string> GetProductAsync(int id, CancellationToken cancellationToken = default)
    {
        await Task.Delay(100, cancellationToken); // the slow query
        return $"product {id}";
    }
}

/// <summary>Prints each measurement of the SharedCall meter as it is recorded.</summary>
internal static class PrintingListener
{
    public static MeterListener Start()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "SharedCall")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Print(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Print(i, v, t));
        listener.Start();
        Console.WriteLine($"{"instrument",-32} {"unit",-12} {"value",10}  tags");
        return listener;
    }

    private static void Print(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagText = string.Join(", ", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        lock (Console.Out)
        {
            Console.WriteLine($"{instrument.Name,-32} {instrument.Unit,-12} {value,10:0.####}  {tagText}");
        }
    }
}
