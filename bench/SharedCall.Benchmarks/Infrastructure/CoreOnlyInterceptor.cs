using Castle.DynamicProxy;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>
/// The proxy leader's floor: Castle interceptors (for <c>Task&lt;T&gt;</c> and sync <c>T</c>) that hand each call to the core under a key that
/// already exists (the method), paying Castle's invocation and the core's leader, with no key built from the arguments,
/// no method plan and no token handling.
/// </summary>
public static class CoreOnlyInterceptor
{
    private static readonly ProxyGenerator s_generator = new();

    public static IBenchService ForTasks(IBenchService target, Coalescer coalescer) =>
        s_generator.CreateInterfaceProxyWithTargetInterface(target, new TaskShape(coalescer));

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
