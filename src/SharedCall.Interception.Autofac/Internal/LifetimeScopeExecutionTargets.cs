using Autofac;
using Autofac.Core;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>Begins a lifetime scope per execution from the container and resolves the registration's component from it.</summary>
internal sealed class LifetimeScopeExecutionTargets(ILifetimeScope root, object? tag, Service service, IComponentRegistration registration)
    : IExecutionTargetSource
{
    private readonly ServiceRegistration _component = new(registration.ResolvePipeline, registration);

    public IExecutionTarget Open()
    {
        var scope = tag is null ? root.BeginLifetimeScope() : root.BeginLifetimeScope(tag);
        try
        {
            // The component comes out as our proxy (the middleware runs in the new scope too): the call runs on its target.
            var instance = scope.ResolveComponent(new ResolveRequest(service, _component, []));
            return new ScopedTarget(scope, ProxyUtil.GetUnproxiedInstance(instance) ?? instance);
        }
        catch (DependencyResolutionException exception)
        {
            scope.Dispose();
            throw new DependencyResolutionException(ErrorMessages.ExecutionScopeResolveFailed(registration.Activator.LimitType, tag), exception);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    private sealed class ScopedTarget(ILifetimeScope scope, object target) : IExecutionTarget
    {
        public object Target { get; } = target;

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
