using System.Text;
using Microsoft.CodeAnalysis;

namespace SharedCall.Interception.Analyzers;

/// <summary>Type names as the run-time messages show them (<c>IRepository&lt;User&gt;</c>, <c>Int32[]</c>, <c>Ns.Outer+IInner</c>).</summary>
internal static class SymbolNames
{
    /// <summary>The run-time TypeNames.Display of a type: its metadata name, with generic arguments spelled out.</summary>
    public static string Display(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                // Type.Name of an array, as the run time shows it: the element's metadata name, List`1[] for List<int>[].
                return ArrayName(array);
            case INamedTypeSymbol { IsGenericType: true } named:
                var builder = new StringBuilder(named.Name).Append('<');
                for (var i = 0; i < named.TypeArguments.Length; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ").Append(Display(named.TypeArguments[i]));
                }

                return builder.Append('>').ToString();
            default:
                return type.Name;
        }
    }

    private static string ArrayName(IArrayTypeSymbol array) =>
        (array.ElementType is IArrayTypeSymbol inner ? ArrayName(inner) : array.ElementType.MetadataName)
        + "[" + new string(',', array.Rank - 1) + "]";

    /// <summary>What <c>Type.ToString()</c> shows for a declared type: namespace, enclosing types joined by '+'.</summary>
    public static string Reflection(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }
}
