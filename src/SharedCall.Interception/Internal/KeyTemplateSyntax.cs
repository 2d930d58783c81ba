using System.Globalization;
using System.Text;

namespace SharedCall.Interception.Internal;

/// <summary>What the key-template grammar needs to know about a method's parameters, by position.</summary>
/// <remarks>Implemented over reflection at run time and over Roslyn symbols by the analyzer.</remarks>
internal interface IKeyTemplateParameters
{
    int Count { get; }

    string? NameAt(int index);

    bool IsCancellationTokenAt(int index);

    /// <summary>Whether the parameter's value would format as its type name (see <see cref="KeyTemplateSyntax.FormatsAsTypeName"/>).</summary>
    bool FormatsAsTypeNameAt(int index);

    /// <summary>The parameter type's name as messages show it.</summary>
    string TypeNameAt(int index);
}

/// <summary>
/// The key-template grammar: turns <c>"user:{userId}"</c> into a composite format whose holes are numbered in order,
/// plus the parameter index of each hole. Compiled into the package and into SharedCall.Interception.Analyzers
/// (netstandard2.0), so a template the analyzer accepts is one the proxy accepts, with the same error words.
/// </summary>
internal static class KeyTemplateSyntax
{
    private static readonly char[] s_nameEnd = [',', ':'];

    /// <summary>Translates <paramref name="template"/> against <paramref name="parameters"/>.</summary>
    /// <param name="template">The template.</param>
    /// <param name="parameters">The parameters the holes name.</param>
    /// <param name="composite">The composite format, with holes <c>{0}</c>, <c>{1}</c>, … (empty on error).</param>
    /// <param name="indexes">The parameter index of each hole (empty on error).</param>
    /// <returns>Why the template cannot be used, or <see langword="null"/>. The composite format itself is
    /// checked by the caller (a bad alignment or format is reported with <see cref="ErrorMessages.TemplateMalformed"/>).</returns>
    public static string? Translate<TParameters>(string template, TParameters parameters, out string composite, out List<int> indexes)
        where TParameters : IKeyTemplateParameters
    {
        var builder = new StringBuilder(template.Length);
        indexes = [];
        composite = string.Empty;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                builder.Append(c, 2);
                i++;
                continue;
            }

            if (c == '}')
            {
                return ErrorMessages.TemplateMalformed(template);
            }

            if (c != '{')
            {
                builder.Append(c);
                continue;
            }

            var close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                return ErrorMessages.TemplateMalformed(template);
            }

            // A hole is "{name}", "{name:format}" or "{name,alignment:format}": only the name is ours.
            var hole = template.Substring(i + 1, close - i - 1);
            var nameLength = hole.IndexOfAny(s_nameEnd);
            var name = (nameLength < 0 ? hole : hole.Substring(0, nameLength)).Trim();
            var index = IndexOf(parameters, name);
            if (index < 0)
            {
                return ErrorMessages.TemplateUnknownName(template, name, Names(parameters));
            }

            if (parameters.IsCancellationTokenAt(index))
            {
                return ErrorMessages.TemplateNamesToken(template, name);
            }

            if (parameters.FormatsAsTypeNameAt(index))
            {
                return ErrorMessages.TemplateNamesUnformattable(template, name, parameters.TypeNameAt(index));
            }

            builder.Append('{').Append(indexes.Count.ToString(CultureInfo.InvariantCulture))
                .Append(nameLength < 0 ? string.Empty : hole.Substring(nameLength)).Append('}');
            indexes.Add(index);
            i = close;
        }

        composite = builder.ToString();
        return null;
    }

    /// <summary>
    /// Whether a value of a type formats as the type's name: an array, or a sealed type or struct that keeps
    /// object's ToString. Every call would get the same key and share results that belong to other arguments.
    /// </summary>
    /// <param name="isArray">The type is an array.</param>
    /// <param name="isGenericParameter">The type is a generic parameter (its argument decides; never refused).</param>
    /// <param name="isSealedOrValueType">The type is sealed or a value type (interfaces and abstract classes are neither).</param>
    /// <param name="keepsObjectToString">A function telling whether the type's ToString() is object's or ValueType's.</param>
    public static bool FormatsAsTypeName(bool isArray, bool isGenericParameter, bool isSealedOrValueType, Func<bool> keepsObjectToString) =>
        isArray || (!isGenericParameter && isSealedOrValueType && keepsObjectToString());

    private static int IndexOf<TParameters>(TParameters parameters, string name)
        where TParameters : IKeyTemplateParameters
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters.NameAt(i) == name)
            {
                return i;
            }
        }

        return -1;
    }

    // The names a key can use: every parameter but the CancellationToken, which is never part of a key.
    private static List<string?> Names<TParameters>(TParameters parameters)
        where TParameters : IKeyTemplateParameters
    {
        var names = new List<string?>(parameters.Count);
        for (var i = 0; i < parameters.Count; i++)
        {
            if (!parameters.IsCancellationTokenAt(i))
            {
                names.Add(parameters.NameAt(i));
            }
        }

        return names;
    }
}
