using System.Globalization;
using System.Reflection;
using System.Text;

namespace SharedCall.Interception.Internal;

/// <summary>
/// A parsed key template such as <c>"user:{userId}"</c>: a composite format whose holes are argument indexes,
/// parsed once per method, so a call only formats (invariant culture) and allocates the key string.
/// </summary>
internal sealed class KeyTemplate
{
    private readonly CompositeFormat _format;
    private readonly int[] _argumentIndexes;
    private readonly string _literal;

    private KeyTemplate(CompositeFormat format, int[] argumentIndexes)
    {
        _format = format;
        _argumentIndexes = argumentIndexes;
        // Formatted from the text: string.Format over a CompositeFormat without arguments returns the text as it is,
        // braces still doubled ("{{v1}}" instead of "{v1}").
        // Stryker disable once String : the literal is read only when there are no holes, so the other branch's value is never seen.
        _literal = argumentIndexes.Length == 0 ? string.Format(CultureInfo.InvariantCulture, format.Format, []) : string.Empty;
    }

    /// <summary>Parses <paramref name="template"/> against <paramref name="method"/>'s parameters.</summary>
    /// <param name="template">The template.</param>
    /// <param name="method">The method whose parameters the holes name.</param>
    /// <param name="error">Why the template cannot be used, or <see langword="null"/>.</param>
    /// <returns>The template, or <see langword="null"/> with <paramref name="error"/> set.</returns>
    public static KeyTemplate? TryParse(string template, MethodInfo method, out string? error)
    {
        error = KeyTemplateSyntax.Translate(template, new ReflectedParameters(method.GetParameters()), out var composite, out var indexes);
        if (error is not null)
        {
            return null;
        }

        try
        {
            return new KeyTemplate(CompositeFormat.Parse(composite), [.. indexes]);
        }
        catch (FormatException)
        {
            error = ErrorMessages.TemplateMalformed(template);
            return null;
        }
    }

    public string Format(object?[] arguments)
    {
        var indexes = _argumentIndexes;
        switch (indexes.Length)
        {
            case 0:
                return _literal;
            case 1:
                return string.Format(CultureInfo.InvariantCulture, _format, arguments[indexes[0]]);
            case 2:
                return string.Format(CultureInfo.InvariantCulture, _format, arguments[indexes[0]], arguments[indexes[1]]);
            default:
                var values = new object?[indexes.Length];
                for (var i = 0; i < indexes.Length; i++)
                {
                    values[i] = arguments[indexes[i]];
                }

                return string.Format(CultureInfo.InvariantCulture, _format, values);
        }
    }

    /// <summary>A method's parameters as the template grammar sees them, read by reflection.</summary>
    private readonly struct ReflectedParameters(ParameterInfo[] parameters) : IKeyTemplateParameters
    {
        public int Count => parameters.Length;

        public string? NameAt(int index) => parameters[index].Name;

        public bool IsCancellationTokenAt(int index) => parameters[index].ParameterType == typeof(CancellationToken);

        public bool FormatsAsTypeNameAt(int index)
        {
            var type = parameters[index].ParameterType;
            return KeyTemplateSyntax.FormatsAsTypeName(type.IsArray, type.IsGenericParameter, type.IsSealed || type.IsValueType, () =>
            {
                var toString = type.GetMethod(nameof(ToString), Type.EmptyTypes);
                return toString is null || toString.DeclaringType == typeof(object) || toString.DeclaringType == typeof(ValueType);
            });
        }

        public string TypeNameAt(int index) => TypeNames.Display(parameters[index].ParameterType);
    }
}
