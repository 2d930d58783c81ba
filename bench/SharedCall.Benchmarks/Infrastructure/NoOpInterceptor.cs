using System.Reflection;
using Castle.DynamicProxy;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>The proxy comparator: a Castle interceptor that only proceeds, on the same kind of proxy as ours.</summary>
public sealed class NoOpInterceptor : IInterceptor
{
    private static readonly ProxyGenerator s_generator = new();

    public static IBenchService Proxy(IBenchService target) => s_generator.CreateInterfaceProxyWithTargetInterface(target, new NoOpInterceptor());

    /// <summary>A Castle proxy that intercepts no method: every call is Castle's plain forward to the target.</summary>
    public static IBenchService Forwarder(IBenchService target) =>
        s_generator.CreateInterfaceProxyWithTargetInterface(target, new ProxyGenerationOptions(new InterceptNothing()), new NoOpInterceptor());

    public void Intercept(IInvocation invocation) => invocation.Proceed();

    // Castle caches proxy types by the hook's equality, which AllMethodsHook bases on the hook's type.
    private sealed class InterceptNothing : AllMethodsHook
    {
        public override bool ShouldInterceptMethod(Type type, MethodInfo methodInfo) => false;
    }
}
