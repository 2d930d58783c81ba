using System.Reflection;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Makes the proxy intercept only coalesced methods: every other method becomes a plain forward to the target,
/// with no interceptor, no invocation object and no allocation.
/// </summary>
/// <remarks>
/// Also the hook of <see cref="CoalescingProxy.GenerationOptions"/>, which proxies built by others (Autofac.Extras.DynamicProxy)
/// use: there it is the only code that runs when the proxy type is made, so it rejects a marked method that cannot be
/// coalesced, and, in a class proxy, a method implementing a coalesced one that the proxy cannot override.
/// </remarks>
internal sealed class CoalescedMethodsHook : IProxyGenerationHook
{
    public static readonly CoalescedMethodsHook Instance = new();

    private CoalescedMethodsHook()
    {
    }

    public void MethodsInspected()
    {
    }

    public void NonProxyableMemberNotification(Type type, MemberInfo memberInfo)
    {
        if (memberInfo is MethodInfo method && CoalescedMethodOf(method) is { } coalesced)
        {
            throw new InvalidOperationException(ErrorMessages.NotVirtual(method, coalesced));
        }
    }

    public bool ShouldInterceptMethod(Type type, MethodInfo methodInfo)
    {
        var coalesced = CoalescedMethodOf(methodInfo);
        if (coalesced is not null && MethodPlan.Validate(coalesced) is { } reason)
        {
            throw new InvalidOperationException(ErrorMessages.CannotCoalesce(coalesced, reason));
        }

        return coalesced is not null;
    }

    // Castle caches proxy types by their generation options, hook included: every hook of this type decides alike,
    // so they must compare equal or each proxy creation would emit a new type.
    public override bool Equals(object? obj) => obj is CoalescedMethodsHook;

    public override int GetHashCode() => typeof(CoalescedMethodsHook).GetHashCode();

    // The marked method itself, or for a class proxy's method the coalesced interface method it implements.
    private static MethodInfo? CoalescedMethodOf(MethodInfo method) =>
        CoalescedMethods.IsCoalesced(method) ? method : ImplementingMethods.CoalescedInterfaceMethodOf(method);
}
