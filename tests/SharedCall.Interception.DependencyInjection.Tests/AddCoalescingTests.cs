using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace SharedCall.Interception.DependencyInjection.Tests;

public class AddCoalescingTests
{
    [Test]
    public void The_coalescer_is_a_resolvable_singleton_configured_by_every_call()
    {
        using var provider = new ServiceCollection()
            .AddCoalescing(options => options.Name = "users")
            .AddCoalescing(options => options.Name += "-api")
            .BuildServiceProvider();

        var coalescer = provider.GetRequiredService<Coalescer>();
        Assert.That(coalescer, Is.SameAs(provider.GetRequiredService<Coalescer>()));
        Assert.That(coalescer.Name, Is.EqualTo("users-api"));
        Assert.That(provider.GetServices<Coalescer>().Count(), Is.EqualTo(1), "registered once");
        Assert.That(provider.GetRequiredService<CoalescingInterceptor>(), Is.Not.Null);
    }

    [Test]
    public async Task The_coalescer_publishes_on_the_containers_meter_factory()
    {
        var backend = new Backend();
        await using var provider = new ServiceCollection()
            .AddMetrics()
            .AddSingleton(backend)
            .AddCoalescing()
            .AddSingleton<IUserRepository, UserRepository>()
            .Coalesce<IUserRepository>()
            .BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        var calls = 0L;
        object? operation = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "SharedCall" && instrument.Meter.Scope == factory)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "sharedcall.calls")
            {
                Interlocked.Add(ref calls, value);
                foreach (var tag in tags)
                {
                    if (tag.Key == "sharedcall.operation")
                    {
                        operation = tag.Value;
                    }
                }
            }
        });
        listener.Start();

        backend.Gate.SetResult(true);
        await provider.GetRequiredService<IUserRepository>().GetUserAsync(1).Bounded();

        Assert.That(Interlocked.Read(ref calls), Is.EqualTo(1));
        Assert.That(operation, Is.EqualTo("IUserRepository.GetUserAsync"));
    }

    [Test]
    public void Null_services_are_rejected()
    {
        Assert.That(() => ((IServiceCollection)null!).AddCoalescing(), Throws.ArgumentNullException);
        Assert.That(() => ((IServiceCollection)null!).Coalesce<IUserRepository>(), Throws.ArgumentNullException);
    }
}
