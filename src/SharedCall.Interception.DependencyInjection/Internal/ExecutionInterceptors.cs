using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using SharedCall.Interception.Advanced;

namespace SharedCall.Interception.DependencyInjection.Internal;

/// <summary>
/// The interceptors of one decorated registration's proxies: the coalescer's own for a singleton or with
/// <see cref="ExecutionScope.Caller"/>; otherwise ones whose executions resolve the original from a scope of their own.
/// </summary>
/// <remarks>
/// Made once per registration and container, not per proxy, because a scoped proxy is made on every resolve: the last
/// container's interceptors are kept, others in a table keyed by the container's coalescer.
/// </remarks>
internal sealed class ExecutionInterceptors(Type service, object innerKey, ServiceLifetime lifetime, ExecutionScope executionScope)
{
    private readonly ConditionalWeakTable<Coalescer, CoalescingInterceptor> _byCoalescer = new();
    private Last? _last;

    /// <summary>Gets the private key the original registration moved under.</summary>
    public object InnerKey { get; } = innerKey;

    public CoalescingInterceptor For(IServiceProvider provider, Coalescer coalescer)
    {
        if (lifetime == ServiceLifetime.Singleton || executionScope == ExecutionScope.Caller)
        {
            return CoalescingProxyActivator.SharedInterceptor(coalescer);
        }

        if (_last is { } last && ReferenceEquals(last.Coalescer, coalescer))
        {
            return last.Interceptors;
        }

        return Remember(provider, coalescer);
    }

    // Apart from For: the lambda's captures would otherwise be allocated on every resolve, before the cached return.
    private CoalescingInterceptor Remember(IServiceProvider provider, Coalescer coalescer)
    {
        var interceptors = _byCoalescer.GetValue(coalescer, c => Create(provider, c));
        _last = new Last(coalescer, interceptors);
        return interceptors;
    }

    // One object, so that a reader never sees one container's coalescer with another's interceptors.
    private sealed record Last(Coalescer Coalescer, CoalescingInterceptor Interceptors);

    private CoalescingInterceptor Create(IServiceProvider provider, Coalescer coalescer)
    {
        // AddCoalescing registers the root's scope factory as a singleton; without it (a Coalescer registered by hand),
        // the provider's own is the root's in Microsoft's container.
        var scopes = provider.GetService<RootScopes>()?.Factory ?? provider.GetRequiredService<IServiceScopeFactory>();
        var source = new ServiceExecutionTargets(scopes, service, InnerKey);
        return new CoalescingInterceptor(coalescer, source);
    }
}
