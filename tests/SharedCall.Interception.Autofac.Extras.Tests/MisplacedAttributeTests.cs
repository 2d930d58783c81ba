using Autofac;
using Autofac.Core;
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Interception.Autofac;

namespace SharedCall.Tests.AutofacExtras;

/// <summary>[Coalesced] on the class's method instead of the interface's fails the same way in every integration.</summary>
public class MisplacedAttributeTests
{
    private const string Fix = "Move [Coalesced] from the class method to the interface method";

    [Test]
    public void CoalescingProxy_Create_rejects_it()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => CoalescingProxy.Create<IUnmarkedRepo>(new MarkedOnClass(), new Coalescer()));

        AssertNamesMethodAndFix(exception!.Message);
    }

    [Test]
    public void Our_EnableInterfaceInterceptors_rejects_it_at_the_first_resolve()
    {
        var builder = new ContainerBuilder();
        builder.RegisterCoalescing();
        builder.RegisterType<MarkedOnClass>().As<IUnmarkedRepo>().EnableInterfaceInterceptors();
        using var container = builder.Build();

        var exception = Assert.Throws<DependencyResolutionException>(() => container.Resolve<IUnmarkedRepo>());

        AssertNamesMethodAndFix(Bounded.AllMessages(exception!));
    }

    [Test]
    public void Coalesce_rejects_it()
    {
        var services = new ServiceCollection().AddCoalescing().AddSingleton<IUnmarkedRepo, MarkedOnClass>();

        var exception = Assert.Throws<InvalidOperationException>(() => services.Coalesce<IUnmarkedRepo>());

        AssertNamesMethodAndFix(exception!.Message);
    }

    private static void AssertNamesMethodAndFix(string message) =>
        Assert.That(message, Does.Contain("Class 'MarkedOnClass', method 'GetAsync'").And.Contain("IUnmarkedRepo.GetAsync").And.Contain(Fix));
}
