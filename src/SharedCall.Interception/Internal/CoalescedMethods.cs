using System.Collections.Concurrent;
using System.Reflection;

namespace SharedCall.Interception.Internal;

/// <summary>Which methods are marked: by their own <see cref="CoalescedAttribute"/> or by their interface's.</summary>
internal static class CoalescedMethods
{
    private static readonly ConcurrentDictionary<Type, bool> s_interfaces = new();
    private static readonly ConcurrentDictionary<Type, Type[]> s_implemented = new();

    /// <summary>Gets the attribute that marks <paramref name="method"/>, or <see langword="null"/> when it is not coalesced.</summary>
    public static CoalescedAttribute? AttributeOf(MethodInfo method)
    {
        // Stryker disable once Boolean : the attribute is Inherited = false and interface members inherit nothing, so inherit: true finds the same.
        var own = method.GetCustomAttribute<CoalescedAttribute>(inherit: false);
        if (own is not null)
        {
            return own;
        }

        // An interface-level mark covers ordinary methods only: coalescing a property setter or an event accessor
        // would merge writes, which is never what marking "the interface's calls" means.
        if (method.IsSpecialName)
        {
            return null;
        }

        // Stryker disable once Boolean : Inherited = false, and an interface has no base type to inherit from.
        return method.DeclaringType?.GetCustomAttribute<CoalescedAttribute>(inherit: false);
    }

    public static bool IsCoalesced(MethodInfo method) => AttributeOf(method) is not null;

    /// <summary>Gets the interface and every interface it inherits: the members a proxy of it implements.</summary>
    public static IEnumerable<Type> WithInheritedInterfaces(Type interfaceType) =>
        interfaceType.GetInterfaces().Prepend(interfaceType);

    /// <summary>Whether <paramref name="interfaceType"/> or an interface it inherits is marked or has a coalesced method.</summary>
    public static bool AnyIn(Type interfaceType) =>
        s_interfaces.GetOrAdd(interfaceType, static type => WithInheritedInterfaces(type).Any(IsMarkedOrDeclaresAny));

    /// <summary>Gets the interfaces <paramref name="type"/> implements that have coalesced methods (kept per type).</summary>
    public static Type[] InterfacesOf(Type type) =>
        s_implemented.GetOrAdd(type, static t => [.. t.GetInterfaces().Where(IsMarkedOrDeclaresAny)]);

    public static IEnumerable<MethodInfo> DeclaredIn(Type interfaceType) =>
        interfaceType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(IsCoalesced);

    // Stryker disable once Boolean : Inherited = false, and an interface has no base type to inherit from.
    private static bool IsMarkedOrDeclaresAny(Type interfaceType) =>
        interfaceType.IsDefined(typeof(CoalescedAttribute), inherit: false) || DeclaredIn(interfaceType).Any();
}
