using Microsoft.Extensions.DependencyInjection;

namespace SharedCall.Interception.DependencyInjection.Internal;

/// <summary>Opens a scope per execution from the root provider and resolves the decorated original from it.</summary>
internal sealed class ServiceExecutionTargets(IServiceScopeFactory scopes, Type service, object innerKey) : IExecutionTargetSource
{
    public IExecutionTarget Open()
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            return new ScopedTarget(scope, scope.ServiceProvider.GetRequiredKeyedService(service, innerKey));
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    private sealed class ScopedTarget(AsyncServiceScope scope, object target) : IExecutionTarget
    {
        public object Target { get; } = target;

        public ValueTask DisposeAsync() => scope.DisposeAsync();
    }
}
