using System.Globalization;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>Every message this package throws with, in one place; each says how to fix the problem.</summary>
internal static class ErrorMessages
{
    public static string MissingRegisterCoalescing(Type component) => string.Format(
        CultureInfo.InvariantCulture,
        "The registration of '{0}' uses EnableInterfaceInterceptors(), but no CoalescingInterceptor is registered. Call builder.RegisterCoalescing() on the ContainerBuilder.",
        component);

    public static string ClassService(Type service, Type component) => string.Format(
        CultureInfo.InvariantCulture,
        "The registration of '{0}' uses EnableInterfaceInterceptors() but exposes the class service '{1}'; only interface services can be proxied. Expose the interfaces that carry [Coalesced] instead, with .As<IYourInterface>() or .AsImplementedInterfaces(), and remove .AsSelf() or .As<{2}>().",
        component,
        service,
        service.Name);
}
