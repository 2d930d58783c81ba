using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SharedCall.Interception.Internal;

/// <summary>
/// Finds the key arguments a default key could not carry across processes, from their declared types: the key is
/// their System.Text.Json array (default options, as <see cref="MethodPlan.CanonicalKey"/> writes it).
/// </summary>
internal static class JsonProbe
{
    /// <summary>Gets why values of <paramref name="type"/> cannot make a cross-process key, or null when they can.</summary>
    public static string? KeyProblem(Type type)
    {
        if (JsonTypes.IsNeverSerialized(type))
        {
            return "System.Text.Json does not write it";
        }

        // Written as the value's runtime type: only a call can tell (the key then stays in this process, counted).
        if (type == typeof(object) || type.IsInterface || type.IsAbstract)
        {
            return null;
        }

        JsonTypeInfo info;
        try
        {
            info = JsonSerializerOptions.Default.GetTypeInfo(type);
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return "System.Text.Json cannot write it (" + exception.Message + ")";
        }

        return info.Kind switch
        {
            JsonTypeInfoKind.Object when info.Properties.Count == 0 =>
                "it has no public properties, so it is written as {} whatever its value and calls with different values would share one key",
            JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary => KeyProblem(info.ElementType!),
            _ => null,
        };
    }
}
