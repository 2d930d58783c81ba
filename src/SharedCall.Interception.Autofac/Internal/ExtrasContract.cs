using System.Collections.Concurrent;
using System.Reflection;
using Autofac.Core;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// What Autofac.Extras.DynamicProxy records about a registration's interceptors, read without referencing it: the
/// services <c>InterceptedBy(...)</c> stores in the registration's metadata (by type, by name as a keyed
/// <c>IInterceptor</c>, or as services), and the services of <c>[Intercept]</c> attributes.
/// </summary>
/// <remarks>
/// The metadata keys and the attribute's name and property are Extras' public behaviour since its version 4; its own
/// <c>EnableInterfaceInterceptors()</c> reads them the same way, in the same order.
/// </remarks>
internal static class ExtrasContract
{
    public const string InterceptorsKey = "Autofac.Extras.DynamicProxy.RegistrationExtensions.InterceptorsPropertyName";

    public const string AttributeInterceptorsKey = "Autofac.Extras.DynamicProxy.RegistrationExtensions.AttributeInterceptorsPropertyName";

    private const string InterceptAttributeName = "Autofac.Extras.DynamicProxy.InterceptAttribute";

    private static readonly ConcurrentDictionary<Type, Service[]> s_attributeServices = new();

    /// <summary>
    /// Gets the interceptor services of a registration, outermost first: those named by <c>InterceptedBy(...)</c>,
    /// then those of <c>[Intercept]</c> attributes on <paramref name="implementationType"/> and its interfaces.
    /// </summary>
    public static Service[] InterceptorServices(IComponentRegistration registration, Type implementationType)
    {
        var named = ServicesIn(registration.Metadata, InterceptorsKey);
        var attributed = registration.Metadata.ContainsKey(AttributeInterceptorsKey)
            ? ServicesIn(registration.Metadata, AttributeInterceptorsKey)
            : s_attributeServices.GetOrAdd(implementationType, static t => [.. AttributeServices(t)]);
        return [.. named.Concat(attributed).Distinct()];
    }

    private static IEnumerable<Service> ServicesIn(IDictionary<string, object?> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && value is IEnumerable<Service> services ? services : [];

    private static IEnumerable<Service> AttributeServices(Type implementationType)
    {
        if (!implementationType.IsClass)
        {
            return [];
        }

        return implementationType.GetCustomAttributes(inherit: true)
            .Concat(implementationType.GetInterfaces().SelectMany(static i => i.GetCustomAttributes(inherit: true)))
            .Where(static a => a.GetType().FullName == InterceptAttributeName)
            .Select(static a => a.GetType().GetProperty("InterceptorService", BindingFlags.Public | BindingFlags.Instance)?.GetValue(a))
            .OfType<Service>();
    }
}
