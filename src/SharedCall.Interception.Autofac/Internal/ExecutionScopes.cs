using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Autofac;
using Autofac.Core;
using Autofac.Core.Lifetime;
using Autofac.Core.Resolving.Pipeline;

namespace SharedCall.Interception.Autofac.Internal;

/// <summary>
/// Picks the interceptors of a registration's proxy: the coalescer's own for a single instance or with
/// <see cref="ExecutionScope.Caller"/>; otherwise ones whose executions resolve the component from a lifetime scope of
/// their own, begun from the container with the tag the component needs.
/// </summary>
/// <remarks>
/// A scoped proxy is made on every resolve, so the interceptors are made once per registration, container and
/// tag, and the last ones used are checked first.
/// </remarks>
internal static class ExecutionScopes
{
    private static readonly ConditionalWeakTable<IComponentRegistration, RegistrationScopes> s_byRegistration = new();

    public static CoalescingInterceptor InterceptorFor(ResolveRequestContext context, CoalescingInterceptor interceptor, ExecutionScope executionScope)
    {
        var registration = context.Registration;
        if (executionScope == ExecutionScope.Caller
            || (registration.Lifetime is RootScopeLifetime && registration.Sharing == InstanceSharing.Shared))
        {
            return interceptor;
        }

        var scope = context.ActivationScope;
        var tag = TagFor(registration, scope);
        return s_byRegistration.GetValue(registration, static _ => new RegistrationScopes())
            .For(scope.RootLifetimeScope, tag, interceptor, context.Service, registration);
    }

    // The tag the execution's scope carries: the one an InstancePerMatchingLifetimeScope registration needs, or else
    // the nearest named tag around the caller (a request scope's), so dependencies that need it resolve as they did.
    private static object? TagFor(IComponentRegistration registration, ISharingLifetimeScope scope)
    {
        if (registration.Lifetime is MatchingScopeLifetime matching)
        {
            return matching.TagsToMatch.First();
        }

        for (var current = scope; current.ParentLifetimeScope is { } parent; current = parent)
        {
            // BeginLifetimeScope() without a tag tags the scope with a bare object: nothing to match.
            if (current.Tag.GetType() != typeof(object))
            {
                return current.Tag;
            }
        }

        return null;
    }

    private sealed class RegistrationScopes
    {
        private static readonly object s_untagged = new();

        private readonly ConditionalWeakTable<ILifetimeScope, ConcurrentDictionary<object, CoalescingInterceptor>> _byRoot = new();
        private Last? _last;

        public CoalescingInterceptor For(ILifetimeScope root, object? tag, CoalescingInterceptor interceptor, Service service, IComponentRegistration registration)
        {
            var key = tag ?? s_untagged;
            if (_last is { } last && ReferenceEquals(last.Root, root) && last.Tag.Equals(key))
            {
                return last.Interceptors;
            }

            return Remember(root, key, tag, interceptor, service, registration);
        }

        // Apart from For: the lambda's captures would otherwise be allocated on every resolve, before the cached return.
        private CoalescingInterceptor Remember(
            ILifetimeScope root, object key, object? tag, CoalescingInterceptor interceptor, Service service, IComponentRegistration registration)
        {
            var interceptors = _byRoot.GetValue(root, static _ => new ConcurrentDictionary<object, CoalescingInterceptor>())
                .GetOrAdd(key, _ => new CoalescingInterceptor(
                    interceptor.Coalescer,
                    new LifetimeScopeExecutionTargets(root, tag, service, registration)));
            _last = new Last(root, key, interceptors);
            return interceptors;
        }

        private sealed record Last(ILifetimeScope Root, object Tag, CoalescingInterceptor Interceptors);
    }
}
