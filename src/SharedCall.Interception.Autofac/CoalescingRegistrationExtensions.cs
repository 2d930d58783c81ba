using Autofac;
using Autofac.Builder;
using Autofac.Core.Resolving.Pipeline;
using Castle.DynamicProxy;
using SharedCall.Interception.Autofac.Internal;

namespace SharedCall.Interception.Autofac;

/// <summary>Registers request coalescing with an Autofac <see cref="ContainerBuilder"/>.</summary>
public static class CoalescingRegistrationExtensions
{
    /// <summary>
    /// Registers the shared <see cref="Coalescer"/> (a singleton, resolvable for <see cref="Coalescer.GetStats()"/> and
    /// <see cref="Coalescer.Forget(object)"/>) and the <see cref="CoalescingInterceptor"/> that proxies use.
    /// </summary>
    /// <param name="builder">The container builder.</param>
    /// <param name="configure">Sets the coalescer's options; called once, when the coalescer is first resolved.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <remarks>
    /// Calling it again is harmless: what is registered already is kept, including a <see cref="Coalescer"/> you
    /// registered yourself before, and a later <paramref name="configure"/> is then ignored.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ContainerBuilder RegisterCoalescing(this ContainerBuilder builder, Action<CoalescerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Register(_ =>
            {
                var options = new CoalescerOptions();
                configure?.Invoke(options);
                return new Coalescer(options);
            })
            .As<Coalescer>()
            .SingleInstance()
            .IfNotRegistered(typeof(Coalescer));
        builder.Register(context => new CoalescingInterceptor(context.Resolve<Coalescer>()))
            .As<CoalescingInterceptor>()
            .SingleInstance()
            .IfNotRegistered(typeof(CoalescingInterceptor));
        ExtrasPipelines.Register(builder);
        return builder;
    }

    /// <summary>
    /// Wraps each instance of the registration in a proxy that coalesces the <see cref="CoalescedAttribute"/> methods
    /// of its interface services: <c>builder.RegisterType&lt;Repo&gt;().As&lt;IRepo&gt;().EnableInterfaceInterceptors();</c>.
    /// </summary>
    /// <typeparam name="TLimit">The registration's limit type.</typeparam>
    /// <typeparam name="TActivatorData">The registration's activator data type.</typeparam>
    /// <typeparam name="TStyle">The registration's style.</typeparam>
    /// <param name="registration">The registration.</param>
    /// <returns><paramref name="registration"/>, for chaining.</returns>
    /// <remarks>
    /// <para>
    /// One proxy implements every interface service of the registration, so it works with <c>As&lt;I&gt;()</c>,
    /// <c>AsImplementedInterfaces()</c>, keyed and named services, every lifetime (the shared instance is the proxy)
    /// and open generic registrations. A registration whose interfaces have no coalesced method gets no proxy, unless
    /// it names interceptors of its own (below).
    /// </para>
    /// <para>
    /// Calls coalesce across every instance, since the key is the call and not the target: with
    /// <c>InstancePerLifetimeScope</c>, concurrent requests still share one execution.
    /// </para>
    /// <para>
    /// It also applies the interceptors the registration names the Autofac.Extras.DynamicProxy way, through
    /// <c>InterceptedBy(...)</c> (by type, name or service) and <c>[Intercept]</c> attributes, in their order and
    /// outside coalescing: they see every call, and only the target's execution is shared. So with both
    /// <c>using Autofac.Extras.DynamicProxy;</c> and <c>using SharedCall.Interception.Autofac;</c> in one file,
    /// whichever method the compiler picks, those interceptors run. See docs/autofac-extras.md.
    /// </para>
    /// <para>
    /// The first resolve fails with a <see cref="global::Autofac.Core.DependencyResolutionException"/> when the
    /// registration exposes a class service, when <see cref="RegisterCoalescing"/> was not called, when a
    /// coalesced method cannot be coalesced, or when a method of the class is marked <see cref="CoalescedAttribute"/>
    /// while the interface method it implements is not.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="registration"/> is null.</exception>
    public static IRegistrationBuilder<TLimit, TActivatorData, TStyle> EnableInterfaceInterceptors<TLimit, TActivatorData, TStyle>(
        this IRegistrationBuilder<TLimit, TActivatorData, TStyle> registration) =>
        registration.EnableInterfaceInterceptors(ExecutionScope.Own);

    /// <summary>
    /// Wraps each instance of the registration in a coalescing proxy, as <see cref="EnableInterfaceInterceptors{TLimit, TActivatorData, TStyle}(IRegistrationBuilder{TLimit, TActivatorData, TStyle})"/>
    /// does, and says where the executions of a registration that is not a single instance get their target.
    /// </summary>
    /// <typeparam name="TLimit">The registration's limit type.</typeparam>
    /// <typeparam name="TActivatorData">The registration's activator data type.</typeparam>
    /// <typeparam name="TStyle">The registration's style.</typeparam>
    /// <param name="registration">The registration.</param>
    /// <param name="executionScope">
    /// <see cref="ExecutionScope.Own"/> (the default): each execution begins a lifetime scope from the container (with
    /// the tag of the caller's tagged scope, or of <c>InstancePerMatchingLifetimeScope</c>), resolves the component from
    /// it, runs there and disposes the scope when its work returns. <see cref="ExecutionScope.Caller"/>: the execution
    /// runs on the leader's own instance. <c>SingleInstance()</c> registrations always run on their one instance.
    /// </param>
    /// <returns><paramref name="registration"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="registration"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="executionScope"/> is not a defined value.</exception>
    public static IRegistrationBuilder<TLimit, TActivatorData, TStyle> EnableInterfaceInterceptors<TLimit, TActivatorData, TStyle>(
        this IRegistrationBuilder<TLimit, TActivatorData, TStyle> registration,
        ExecutionScope executionScope)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var middleware = executionScope switch
        {
            ExecutionScope.Own => CoalescingProxyMiddleware.Instance,
            ExecutionScope.Caller => CoalescingProxyMiddleware.CallerScope,
            _ => throw new ArgumentOutOfRangeException(nameof(executionScope), executionScope, null),
        };
        registration.ConfigurePipeline(pipeline => pipeline.Use(middleware, MiddlewareInsertionMode.StartOfPhase));
        return registration;
    }

    /// <summary>
    /// As <see cref="EnableInterfaceInterceptors{TLimit, TActivatorData, TStyle}(IRegistrationBuilder{TLimit, TActivatorData, TStyle})"/>,
    /// building the proxy with <paramref name="options"/>, as Autofac.Extras.DynamicProxy's overload does.
    /// </summary>
    /// <typeparam name="TLimit">The registration's limit type.</typeparam>
    /// <typeparam name="TActivatorData">The registration's activator data type.</typeparam>
    /// <typeparam name="TStyle">The registration's style.</typeparam>
    /// <param name="registration">The registration.</param>
    /// <param name="options">
    /// The proxy-generation options: their hook decides which methods any interceptor sees (with
    /// <see cref="CoalescingProxy.GenerationOptions"/>, only coalesced ones).
    /// </param>
    /// <param name="additionalInterfaces">More interfaces the proxy implements, when the instance implements them.</param>
    /// <returns><paramref name="registration"/>, for chaining.</returns>
    /// <remarks>
    /// With both namespaces imported, a call that passes only <paramref name="options"/> binds to Extras' overload,
    /// which works with <see cref="CoalescingInterceptor"/> in its <c>InterceptedBy(...)</c> list.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="registration"/> or <paramref name="options"/> is null.</exception>
    public static IRegistrationBuilder<TLimit, TActivatorData, TStyle> EnableInterfaceInterceptors<TLimit, TActivatorData, TStyle>(
        this IRegistrationBuilder<TLimit, TActivatorData, TStyle> registration,
        ProxyGenerationOptions options,
        params Type[] additionalInterfaces)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(options);
        registration.WithMetadata(ProxySettings.MetadataKey, new ProxySettings(options, additionalInterfaces ?? []));
        return registration.EnableInterfaceInterceptors();
    }
}
