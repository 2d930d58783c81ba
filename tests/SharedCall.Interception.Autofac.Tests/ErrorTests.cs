using Autofac.Core;

namespace SharedCall.Interception.Autofac.Tests;

/// <summary>Behaviour 8: misconfigurations fail at the first resolve with a message that says the fix.</summary>
public class ErrorTests
{
    private static string FirstResolveFails<T>(Action<ContainerBuilder> register, bool registerCoalescing = true)
        where T : notnull
    {
        var builder = new ContainerBuilder();
        if (registerCoalescing)
        {
            builder.RegisterCoalescing();
        }

        builder.RegisterInstance(new Gate());
        register(builder);
        using var container = builder.Build();
        var exception = Assert.Throws<DependencyResolutionException>(() => container.Resolve<T>());
        return Bounded.AllMessages(exception!);
    }

    [Test]
    public void A_missing_RegisterCoalescing_names_it_as_the_fix()
    {
        var message = FirstResolveFails<IRepo>(b => b.RegisterType<Repo>().As<IRepo>().EnableInterfaceInterceptors(), registerCoalescing: false);
        Assert.That(message, Does.Contain("RegisterCoalescing()"));
    }

    [Test]
    public void A_class_service_is_rejected_with_the_fix()
    {
        var message = FirstResolveFails<Repo>(b => b.RegisterType<Repo>().AsSelf().As<IRepo>().EnableInterfaceInterceptors());
        Assert.That(message, Does.Contain("class service").And.Contain(typeof(Repo).FullName).And.Contain("As<IYourInterface>()"));
    }

    [Test]
    public void A_method_that_cannot_be_coalesced_fails_naming_interface_method_and_reason()
    {
        var message = FirstResolveFails<IBadRepo>(b => b.RegisterType<BadRepo>().As<IBadRepo>().EnableInterfaceInterceptors());
        Assert.That(message, Does.Contain("IBadRepo").And.Contain("'TryGet'").And.Contain("by reference"));
    }

    [Test]
    public void A_non_public_interface_fails_saying_how_to_make_it_visible()
    {
        var message = FirstResolveFails<IHiddenRepo>(b => b.RegisterType<HiddenRepo>().As<IHiddenRepo>().EnableInterfaceInterceptors());
        Assert.That(message, Does.Contain("IHiddenRepo").And.Contain("DynamicProxyGenAssembly2"));
    }
}
