using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using SharedCall.Advanced;

namespace SharedCall.Interception.Internal;

internal sealed partial class MethodPlan
{
    // Set once a call's arguments could not be written as JSON: the method's calls then stay in this process.
    private volatile bool _argumentsNotSerializable;

    /// <summary>
    /// Gets the core's key for a call through <paramref name="coalescer"/>: with a cross-process level, a string other
    /// processes make alike (the template's, or <see cref="CanonicalKey"/>); otherwise <see cref="FlightKeyFor(object?[])"/>.
    /// </summary>
    public FlightKey FlightKeyFor(Coalescer coalescer, object?[] arguments) =>
        coalescer.RemoteCoalescing is null || _template is not null
            ? FlightKeyFor(arguments)
            : RemoteFlightKeyFor(arguments);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FlightKey RemoteFlightKeyFor(object?[] arguments) =>
        Operation.CrossProcess && !_argumentsNotSerializable && CanonicalKey(arguments) is { } key
            ? new FlightKey(key)
            : FlightKeyFor(arguments);

    /// <summary>
    /// Gets the canonical string of a call: the operation's name and the key arguments as a System.Text.Json array
    /// (invariant, the same in every process), or null when an argument cannot be serialized.
    /// </summary>
    public string? CanonicalKey(object?[] arguments)
    {
        var keyArguments = new object?[KeyIndexes.Length];
        for (var i = 0; i < keyArguments.Length; i++)
        {
            keyArguments[i] = arguments[KeyIndexes[i]];
        }

        try
        {
            return new StringBuilder(OperationName).Append(JsonSerializer.Serialize(keyArguments)).ToString();
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException)
        {
            _argumentsNotSerializable = true;
            return null;
        }
    }
}
