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
    private CoalescingProxyActivator? _activator;
    private CheckedType? _checked;

    private ProxiedServices(Type? primary, Type[] additional, Type[] interfaces, string? error)
    {
        Primary = primary;
        Additional = additional;
        Interfaces = interfaces;
        Error = error;
    }

    /// <summary>Gets the interface the proxy is made for, or <see langword="null"/> when no proxy is needed.</summary>
    public Type? Primary { get; }

    public Type[] Additional { get; }

    /// <summary>Gets every interface service of the registration, the primary first when there is one.</summary>
    public Type[] Interfaces { get; }

    /// <summary>
    /// Gets or sets whether our proxy is made by <see cref="CoalescingProxyMiddleware.Outside"/>, outside a proxy of
    /// Autofac.Extras.DynamicProxy's, rather than where <c>EnableInterfaceInterceptors()</c> put it.
    /// </summary>
    public bool MovedOutside { get; set; }

    /// <summary>Gets why the registration cannot be proxied, or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>Gets the activator of the registration's proxies, built at the first resolve (not cached if it throws).</summary>
    /// <exception cref="InvalidOperationException">An interface cannot be proxied or a marked method cannot be coalesced.</exception>
    public CoalescingProxyActivator Activator => _activator ??= CoalescingProxyActivator.For(Primary!, Additional);

    /// <summary>
    /// Checks the class of an instance against the registration's interfaces (a [Coalesced] the proxy would not see
    /// fails) and gets the registration's other interceptors, or <see langword="null"/>; worked out once per class.
    /// </summary>
    /// <exception cref="InvalidOperationException">A marked method is on the class only, or cannot be coalesced.</exception>
    public InterceptorChain? Check(IComponentRegistration registration, Type implementationType)
    {
        var last = _checked;
        if (last is not null && last.Type == implementationType)
        {
            return last.Chain;
        }

        foreach (var service in Interfaces)
        {
            CoalescingProxy.ValidateInterfaceProxy(service, implementationType);
        }

        var chain = InterceptorChain.Of(registration, implementationType);
        _checked = new CheckedType(implementationType, chain);
        return chain;
    }

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
            return new ProxiedServices(null, [], [], ErrorMessages.ClassService(classService, registration.Activator.LimitType));
        }

        var primary = services.Find(CoalescingProxy.HasCoalescedMethods);
        if (primary is null)
        {
            return new ProxiedServices(null, [], [.. services], null);
        }

        // Interfaces the primary inherits are implemented through it already.
        var additional = services.Where(s => s != primary && !s.IsAssignableFrom(primary)).ToArray();
        return new ProxiedServices(primary, additional, [primary, .. additional], null);
    }

    private sealed record CheckedType(Type Type, InterceptorChain? Chain);
}
