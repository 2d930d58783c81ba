using Microsoft.Extensions.DependencyInjection;

namespace SharedCall.Interception.DependencyInjection.Internal;

/// <summary>The root provider's scope factory, captured by a singleton so that executions' scopes never hang off a caller's.</summary>
/// <remarks>
/// Microsoft's container hands every scope the root's factory, but other containers behind the same abstractions
/// (Autofac's) make a caller's scope's children: a singleton's factory always runs against the root.
/// </remarks>
internal sealed class RootScopes(IServiceScopeFactory factory)
{
    public IServiceScopeFactory Factory { get; } = factory;
}
