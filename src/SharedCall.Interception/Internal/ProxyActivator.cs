using System.Linq.Expressions;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Creates proxies of one set of interfaces: the proxy type is generated (or found in Castle's cache) once, and each
/// proxy is then made by a compiled call of its constructor.
/// </summary>
/// <remarks>
/// <see cref="ProxyGenerator.CreateInterfaceProxyWithTargetInterface(Type, Type[], object, ProxyGenerationOptions, IInterceptor[])"/>
/// looks the type up in its cache under a lock and calls the constructor through reflection on every proxy: in a
/// scoped service that is most of the cost of resolving it, several times an unproxied resolve.
/// </remarks>
internal sealed class ProxyActivator
{
    private readonly Func<IInterceptor[], object, object> _create;

    private ProxyActivator(Type proxyType, Type interfaceType)
    {
        ProxyType = proxyType;
        _create = CompileConstructor(proxyType, interfaceType);
    }

    public Type ProxyType { get; }

    /// <summary>Generates the proxy type of <paramref name="interfaceType"/> and <paramref name="additionalInterfaces"/>.</summary>
    public static ProxyActivator Build(IProxyBuilder builder, ProxyGenerationOptions options, Type interfaceType, Type[] additionalInterfaces) =>
        new(builder.CreateInterfaceProxyTypeWithTargetInterface(interfaceType, additionalInterfaces, options), interfaceType);

    /// <summary>Creates a proxy over <paramref name="target"/>, which must implement the proxied interface.</summary>
    public object Create(object target, IInterceptor[] interceptors) => _create(interceptors, target);

    // The constructor Castle's generator calls for an interface proxy with a target interface and no mixins or
    // selector: (IInterceptor[] interceptors, TInterface target).
    private static Func<IInterceptor[], object, object> CompileConstructor(Type proxyType, Type interfaceType)
    {
        var constructor = proxyType.GetConstructor([typeof(IInterceptor[]), interfaceType])
            ?? throw new InvalidOperationException($"Castle's proxy type {proxyType} has no constructor (IInterceptor[], {interfaceType}).");
        var interceptors = Expression.Parameter(typeof(IInterceptor[]), "interceptors");
        var target = Expression.Parameter(typeof(object), "target");
        var body = Expression.New(constructor, interceptors, Expression.Convert(target, interfaceType));
        return Expression.Lambda<Func<IInterceptor[], object, object>>(body, interceptors, target).Compile();
    }
}
