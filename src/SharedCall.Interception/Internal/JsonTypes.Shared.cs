using System.Reflection;
using System.Runtime.Serialization;

namespace SharedCall.Interception.Internal;

// Compiled into this package and into SharedCall.Redis (linked, not shared at run time), like TypeNames.cs: the interception checks
// default-key arguments and the Redis level checks results against the same list.
internal static class JsonTypes
{
    /// <summary>Gets whether System.Text.Json refuses <paramref name="type"/>, or writes it as something other than its value.</summary>
    public static bool IsNeverSerialized(Type type) =>
        type.IsPointer || type.IsFunctionPointer || type.IsByRef
        || typeof(Delegate).IsAssignableFrom(type)
        || typeof(MemberInfo).IsAssignableFrom(type)
        || typeof(Stream).IsAssignableFrom(type)
        || typeof(Task).IsAssignableFrom(type)
        || type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        || type == typeof(CancellationToken) || type == typeof(IntPtr) || type == typeof(UIntPtr) || type == typeof(SerializationInfo);
}
