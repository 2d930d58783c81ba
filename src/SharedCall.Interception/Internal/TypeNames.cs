using System.Reflection;
using System.Text;

namespace SharedCall.Interception.Internal;

/// <summary>Readable type and method names for messages and operation names (<c>IRepository&lt;User&gt;.GetAsync</c>).</summary>
/// <remarks>Also compiled into SharedCall.Redis (a linked file), whose messages name types the same way.</remarks>
internal static class TypeNames
{
    public static string Display(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        var builder = new StringBuilder(tick < 0 ? name : name[..tick]).Append('<');
        var arguments = type.GetGenericArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            builder.Append(i == 0 ? string.Empty : ", ").Append(Display(arguments[i]));
        }

        return builder.Append('>').ToString();
    }

    /// <summary>The operation name of a method: its interface and its name, as in <c>IUserRepository.GetUserAsync</c>.</summary>
    public static string Operation(MethodInfo method) => Display(method.DeclaringType!) + "." + method.Name;
}
