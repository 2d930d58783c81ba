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
        var parameters = method.GetParameters();
        var composite = new StringBuilder(template.Length);
        var indexes = new List<int>();
        error = null;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                composite.Append(c, 2);
                i++;
                continue;
            }

            if (c == '}')
            {
                error = ErrorMessages.TemplateMalformed(template);
                return null;
            }

            if (c != '{')
            {
                composite.Append(c);
                continue;
            }

            var close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                error = ErrorMessages.TemplateMalformed(template);
                return null;
            }

            // A hole is "{name}", "{name:format}" or "{name,alignment:format}": only the name is ours.
            var hole = template.AsSpan(i + 1, close - i - 1);
            var nameLength = hole.IndexOfAny(',', ':');
            var name = (nameLength < 0 ? hole : hole[..nameLength]).Trim().ToString();
            var index = Array.FindIndex(parameters, p => p.Name == name);
            if (index < 0)
            {
                error = ErrorMessages.TemplateUnknownName(template, name, method);
                return null;
            }

            if (parameters[index].ParameterType == typeof(CancellationToken))
            {
                error = ErrorMessages.TemplateNamesToken(template, name);
                return null;
            }

            if (FormatsAsTypeName(parameters[index].ParameterType))
            {
                error = ErrorMessages.TemplateNamesUnformattable(template, name, parameters[index].ParameterType);
                return null;
            }

            composite.Append('{').Append(indexes.Count.ToString(CultureInfo.InvariantCulture))
                .Append(nameLength < 0 ? ReadOnlySpan<char>.Empty : hole[nameLength..]).Append('}');
            indexes.Add(index);
            i = close;
        }

        try
        {
            return new KeyTemplate(CompositeFormat.Parse(composite.ToString()), [.. indexes]);
        }
        catch (FormatException)
        {
            error = ErrorMessages.TemplateMalformed(template);
            return null;
        }
    }

    // An array, or a sealed type or struct that keeps object's ToString, formats as its type name: every call would
    // get the same key and share results that belong to other arguments. Better refused than silently wrong.
    private static bool FormatsAsTypeName(Type type)
    {
        if (type.IsArray)
        {
            return true;
        }

        // Interfaces and abstract classes are never sealed nor value types.
        if (type.IsGenericParameter || !(type.IsSealed || type.IsValueType))
        {
            return false;
        }

        var toString = type.GetMethod(nameof(ToString), Type.EmptyTypes);
        return toString is null || toString.DeclaringType == typeof(object) || toString.DeclaringType == typeof(ValueType);
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
}
