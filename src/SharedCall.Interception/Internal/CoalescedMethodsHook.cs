using System.Reflection;
using Castle.DynamicProxy;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Makes the proxy intercept only coalesced methods: every other method becomes a plain forward to the target,
/// with no interceptor, no invocation object and no allocation.
/// </summary>
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
    }

    public bool ShouldInterceptMethod(Type type, MethodInfo methodInfo) => CoalescedMethods.IsCoalesced(methodInfo);

    // Castle caches proxy types by their generation options, hook included: every hook of this type decides alike,
    // so they must compare equal or each proxy creation would emit a new type.
    public override bool Equals(object? obj) => obj is CoalescedMethodsHook;

    public override int GetHashCode() => typeof(CoalescedMethodsHook).GetHashCode();
}
