using Autofac;
using SharedCall.Interception.Autofac;

namespace SharedCall.Examples.Scenarios;

/// <summary>
/// Both sides of a scenario register the same service the same way; the "with" side adds the one line a user adds:
/// <c>EnableInterfaceInterceptors()</c>.
/// </summary>
public static class ScenarioContainer
{
    public static IContainer Build<TService, TImplementation>(bool coalesced, Action<ContainerBuilder> registerDependencies)
        where TService : notnull
        where TImplementation : notnull, TService
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        registerDependencies(builder);
        var registration = builder.RegisterType<TImplementation>().As<TService>().SingleInstance();
        if (coalesced)
        {
            registration.EnableInterfaceInterceptors();
        }

        return builder.Build();
    }

    /// <summary>The share of calls that joined an execution in flight, from the container's <see cref="Coalescer"/>.</summary>
    public static double CoalescingRate(IContainer container) => container.Resolve<Coalescer>().GetStats().HitRate;
}
