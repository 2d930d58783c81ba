using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SharedCall.Interception.Internal;

namespace SharedCall.Redis.Internal;

/// <summary>
/// Finds why results of a declared type could not reach other processes: results cross as System.Text.Json of the
/// declared type and are read back as it (no type names, no polymorphism), so the type, and every type it holds,
/// must be writable and creatable with the configured options.
/// </summary>
internal static class ResultTypeProbe
{
    /// <summary>Gets the reason, as the end of a sentence about the method, or null when the type's results can be shared.</summary>
    public static string? FindProblem(Type resultType, JsonSerializerOptions options)
    {
        // What the first serialization would do anyway: lock the options, with the default resolver when none is set.
        if (!options.IsReadOnly)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }

        var problem = Probe(resultType, options, []);
        return problem is null
            ? null
            : string.Format(CultureInfo.InvariantCulture, "its result type '{0}' cannot be read back as declared: {1}", TypeNames.Display(resultType), problem);
    }

    private static string? Probe(Type type, JsonSerializerOptions options, HashSet<Type> seen)
    {
        if (!seen.Add(type))
        {
            return null;
        }

        if (type == typeof(object))
        {
            return "'object' is read back as a JsonElement, not as the value that was written";
        }

        if (JsonTypes.IsNeverSerialized(type))
        {
            return Named(type, "System.Text.Json does not serialize it");
        }

        JsonTypeInfo info;
        try
        {
            info = options.GetTypeInfo(type);
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return Named(type, exception.Message);
        }

        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => Probe(info.ElementType!, options, seen),
            JsonTypeInfoKind.Dictionary => Probe(info.KeyType!, options, seen) ?? Probe(info.ElementType!, options, seen),
            JsonTypeInfoKind.Object => ProbeObject(type, info, options, seen),
            _ => null, // A value System.Text.Json or a custom converter reads and writes.
        };
    }

    private static string? ProbeObject(Type type, JsonTypeInfo info, JsonSerializerOptions options, HashSet<Type> seen)
    {
        if (type.IsInterface || type.IsAbstract)
        {
            return Named(type, "System.Text.Json cannot create an interface or an abstract class");
        }

        if (info.Properties.Count == 0)
        {
            return Named(type, "it has no public properties, so it is written as {} and read back empty");
        }

        // Reading an empty object asks System.Text.Json the one question metadata cannot: can it construct the type?
        try
        {
            _ = JsonSerializer.Deserialize("{}", info);
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException)
        {
            return Named(type, exception.Message);
        }
#pragma warning disable CA1031 // Missing required members or a constructor that checks its arguments: about values, not the type.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        foreach (var property in info.Properties)
        {
            if (property.Set is not null && Probe(property.PropertyType, options, seen) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string Named(Type type, string problem) =>
        string.Format(CultureInfo.InvariantCulture, "'{0}': {1}", TypeNames.Display(type), problem);
}
