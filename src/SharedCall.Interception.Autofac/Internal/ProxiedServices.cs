using System.Runtime.CompilerServices;
using Autofac.Core;
using SharedCall.Interception.Advanced;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// The interfaces a registration's proxy implements, worked out once per registration: every interface service
/// of the registration, led by one that has a coalesced method.
/// </summary>
internal sealed class ProxiedServices
{
    private static readonly ConditionalWeakTable<IComponentRegistration, ProxiedServices> s_byRegistration = new();
    private static readonly ProxiedServices s_none = new(null, [], null);
    private CoalescingProxyActivator? _activator;

    private ProxiedServices(Type? primary, Type[] additional, string? error)
    {
        Primary = primary;
        Additional = additional;
        Error = error;
    }

    /// <summary>Gets the interface the proxy is made for, or <see langword="null"/> when no proxy is needed.</summary>
    public Type? Primary { get; }

    public Type[] Additional { get; }

    /// <summary>Gets why the registration cannot be proxied, or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>Gets the activator of the registration's proxies, built at the first resolve (not cached if it throws).</summary>
    /// <exception cref="InvalidOperationException">An interface cannot be proxied or a marked method cannot be coalesced.</exception>
    public CoalescingProxyActivator Activator => _activator ??= CoalescingProxyActivator.For(Primary!, Additional);

    // Decided from the registration's services, not the requested one: a shared instance is cached once for all of
    // its services, so it must be the same proxy whichever service asked first.
    public static ProxiedServices Of(IComponentRegistration registration) =>
        s_byRegistration.GetValue(registration, static r => Decide(r));

    private static ProxiedServices Decide(IComponentRegistration registration)
    {
        var services = registration.Services.OfType<IServiceWithType>().Select(static s => s.ServiceType).Distinct().ToList();
        var classService = services.Find(static s => !s.IsInterface);
        if (classService is not null)
        {
            return new ProxiedServices(null, [], ErrorMessages.ClassService(classService, registration.Activator.LimitType));
        }

        var primary = services.Find(CoalescingProxy.HasCoalescedMethods);
        if (primary is null)
        {
            return s_none;
        }

        // Interfaces the primary inherits are implemented through it already.
        var additional = services.Where(s => s != primary && !s.IsAssignableFrom(primary)).ToArray();
        return new ProxiedServices(primary, additional, null);
    }
}
