using System.Collections.Concurrent;
using System.Reflection;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Maps a class's methods to the interface methods they implement. A class proxy (Autofac.Extras.DynamicProxy's
/// <c>EnableClassInterceptors()</c>) hands its interceptors the class method, while <see cref="CoalescedAttribute"/>
/// sits on the interface method: this is how such a call finds its plan.
/// </summary>
internal static class ImplementingMethods
{
    private static readonly ConcurrentDictionary<Type, InterfaceMapping[]> s_maps = new();

    /// <summary>
    /// Gets the coalesced interface method that <paramref name="classMethod"/> implements (closed like it when it is
    /// generic), or <see langword="null"/> when it implements none.
    /// </summary>
    public static MethodInfo? CoalescedInterfaceMethodOf(MethodInfo classMethod)
    {
        if (classMethod.DeclaringType is not { IsInterface: false } || classMethod.IsStatic)
        {
            return null;
        }

        var definition = classMethod.IsGenericMethod ? classMethod.GetGenericMethodDefinition() : classMethod;
        foreach (var (interfaceMethod, implementation) in MappingsOf(classMethod.ReflectedType ?? classMethod.DeclaringType))
        {
            if (!implementation.HasSameMetadataDefinitionAs(definition) || !CoalescedMethods.IsCoalesced(interfaceMethod))
            {
                continue;
            }

            return classMethod.IsGenericMethod && !classMethod.IsGenericMethodDefinition && interfaceMethod.IsGenericMethodDefinition
                ? interfaceMethod.MakeGenericMethod(classMethod.GetGenericArguments())
                : interfaceMethod;
        }

        return null;
    }

    /// <summary>Gets every (interface method, implementing method) pair of <paramref name="type"/>'s interfaces.</summary>
    public static IEnumerable<(MethodInfo InterfaceMethod, MethodInfo Implementation)> MappingsOf(Type type)
    {
        if (type.IsInterface || type.ContainsGenericParameters)
        {
            yield break;
        }

        foreach (var map in s_maps.GetOrAdd(type, static t => [.. t.GetInterfaces().Select(t.GetInterfaceMap)]))
        {
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
            {
                yield return (map.InterfaceMethods[i], map.TargetMethods[i]);
            }
        }
    }
}
