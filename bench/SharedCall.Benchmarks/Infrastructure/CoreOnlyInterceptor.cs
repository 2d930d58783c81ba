using Castle.DynamicProxy;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>
/// The floor comparators of B9 and B10: Castle interceptors that hand each call to the core under a key that already
/// exists (the method itself), so they pay Castle's invocation and the core's leader or join, and nothing else: no key
/// built from the arguments, no method plan, no cancellation-token handling, no operation name.
/// </summary>
/// <remarks>One interceptor per return shape, so choosing the shape costs nothing per call.</remarks>
public static class CoreOnlyInterceptor
{
    private static readonly ProxyGenerator s_generator = new();

    /// <summary>A proxy whose <c>Task&lt;int&gt;</c> methods run through <paramref name="coalescer"/>.</summary>
    public static IBenchService ForTasks(IBenchService target, Coalescer coalescer) =>
        s_generator.CreateInterfaceProxyWithTargetInterface(target, new TaskShape(coalescer));

    /// <summary>A proxy whose <c>int</c> methods run through <paramref name="coalescer"/>.</summary>
    public static IBenchService ForValues(IBenchService target, Coalescer coalescer) =>
        s_generator.CreateInterfaceProxyWithTargetInterface(target, new ValueShape(coalescer));

    private sealed class TaskShape(Coalescer coalescer) : IInterceptor
    {
        public void Intercept(IInvocation invocation) =>
            invocation.ReturnValue = coalescer.RunAsync(invocation.Method, invocation, static (call, _) =>
            {
                call.Proceed();
                return (Task<int>)call.ReturnValue!;
            });
    }

    private sealed class ValueShape(Coalescer coalescer) : IInterceptor
    {
        public void Intercept(IInvocation invocation) =>
            invocation.ReturnValue = coalescer.Run(invocation.Method, invocation, static call =>
            {
                call.Proceed();
                return (int)call.ReturnValue!;
            });
    }
}
