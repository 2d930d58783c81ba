using System.Globalization;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>Every message this package throws with, in one place; each says how to fix the problem.</summary>
internal static class ErrorMessages
{
    public static string MissingRegisterCoalescing(Type component) => string.Format(
        CultureInfo.InvariantCulture,
        "The registration of '{0}' uses EnableInterfaceInterceptors(), but no CoalescingInterceptor is registered. Call builder.RegisterCoalescing() on the ContainerBuilder.",
        component);

    public static string NotAnInterceptor(Type component, object service, Type resolved) => string.Format(
        CultureInfo.InvariantCulture,
        "The registration of '{0}' is intercepted by the service '{1}', which resolved to '{2}': neither a Castle IInterceptor nor an IAsyncInterceptor. Register an interceptor under that service, or remove it from InterceptedBy(...) or [Intercept].",
        component,
        service,
        resolved);

    public static string ProxiedTwice(Type component) => string.Format(
        CultureInfo.InvariantCulture,
        "The registration of '{0}' has Autofac.Extras.DynamicProxy's EnableInterfaceInterceptors() applied after SharedCall's EnableInterfaceInterceptors(), and Extras cannot proxy a proxy. Call only SharedCall.Interception.Autofac's EnableInterfaceInterceptors(): it applies the InterceptedBy(...) and [Intercept] interceptors too, outside coalescing.",
        component);

    public static string ClassService(Type service, Type component) => string.Format(
        CultureInfo.InvariantCulture,
        "The registration of '{0}' uses EnableInterfaceInterceptors() but exposes the class service '{1}'; only interface services can be proxied. Expose the interfaces that carry [Coalesced] instead, with .As<IYourInterface>() or .AsImplementedInterfaces(), and remove .AsSelf() or .As<{2}>().",
        component,
        service,
        service.Name);

    public static string ExecutionScopeResolveFailed(Type component, object? tag) => string.Format(
        CultureInfo.InvariantCulture,
        "A coalesced execution could not resolve '{0}' in its own lifetime scope ({1}). Each execution of a component that is not SingleInstance() runs in a scope begun from the container, so that no caller's scope ending can dispose what it uses. Register what '{0}' depends on in the container itself (not only in a child scope's BeginLifetimeScope(configure)), or, if the execution must use the caller's own instance, register it with EnableInterfaceInterceptors(ExecutionScope.Caller). See the inner exception for what failed.",
        component,
        tag is null ? "untagged" : $"tagged '{tag}', as the caller's");
}
