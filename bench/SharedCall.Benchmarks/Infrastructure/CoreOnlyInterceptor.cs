using Castle.DynamicProxy;

namespace SharedCall.Benchmarks.Infrastructure;

/// <summary>
/// The floors of the proxy leader and join scenarios (B9, B10): Castle interceptors that hand each call to the core under a key that already
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

    /// <summary>
    /// A proxy whose <c>ValueTask&lt;int&gt;</c> methods run through <paramref name="coalescer"/>'s <c>ValueTask</c> path, the
    /// one our <c>ValueTask&lt;T&gt;</c> methods take (internal to the core, so it needs an operation: one, made once).
    /// </summary>
    public static IBenchService ForValueTasks(IBenchService target, Coalescer coalescer) =>
        s_generator.CreateInterfaceProxyWithTargetInterface(target, new ValueTaskShape(coalescer));

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

    private sealed class ValueTaskShape(Coalescer coalescer) : IInterceptor
    {
        private readonly CoalescingOperation _operation = new("floor");

        public void Intercept(IInvocation invocation)
        {
            var result = coalescer.RunValueTaskAsync(_operation, invocation.Method, invocation, static (call, _) =>
            {
                call.Proceed();
                return (ValueTask<int>)call.ReturnValue!;
            }, CancellationToken.None);

            // As ours does: a leader's invocation already holds Castle's box of an equal ValueTask, so no second box.
            if (!(invocation.ReturnValue is ValueTask<int> original && original.Equals(result)))
            {
                invocation.ReturnValue = result;
            }
        }
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
