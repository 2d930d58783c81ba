using System.Globalization;

namespace SharedCall.Interception.DependencyInjection.Internal;

/// <summary>Every message this package throws with, in one place.</summary>
/// <remarks>Also compiled into SharedCall.Interception.Analyzers (netstandard2.0), whose SC1009 says the same words.</remarks>
internal static class ErrorMessages
{
    public static string NotAnInterface(Type service) => NotAnInterface(service.Name);

    public static string NotAnInterface(string serviceName) => Format(
        "Coalesce<{0}>() needs an interface: '{0}' is not one. Coalescing proxies implement interfaces; register the service under an interface that has [Coalesced] methods.",
        serviceName);

    public static string NoCoalescedMethods(Type service) => NoCoalescedMethods(service.Name);

    public static string NoCoalescedMethods(string serviceName) => Format(
        "Coalesce<{0}>() found no [Coalesced] method on '{0}'. Mark the interface methods to coalesce with [Coalesced], or the interface itself.",
        serviceName);

    public static string NotRegistered(Type service) => Format(
        "Coalesce<{0}>() found no registration of '{0}'. Register the service first (for example services.AddScoped<{0}, Implementation>()), then call Coalesce<{0}>().",
        service);

    public static string MissingAddCoalescing(Type service) => Format(
        "'{0}' is registered with Coalesce<{0}>(), but no Coalescer is registered. Call services.AddCoalescing() when you configure the services.",
        service);

    public static string FactoryReturnedWrongType(Type service, Type returned) => string.Format(
        CultureInfo.InvariantCulture,
        "The registration of '{0}' created an object of type '{1}', which does not implement '{0}', so Coalesce<{0}>() cannot proxy it. Make the registration's factory return an implementation of '{0}'.",
        service.Name,
        returned.FullName);

    private static string Format(string format, Type service) => Format(format, service.Name);

    private static string Format(string format, string serviceName) =>
        string.Format(CultureInfo.InvariantCulture, format, serviceName);
}
