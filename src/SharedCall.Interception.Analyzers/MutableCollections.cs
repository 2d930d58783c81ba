using Microsoft.CodeAnalysis;

namespace SharedCall.Interception.Analyzers;

/// <summary>Mutable collection types (SC1007) and the read-only interface each one implements.</summary>
internal static class MutableCollections
{
    public const string ReadOnlyList = "IReadOnlyList";
    public const string ReadOnlyDictionary = "IReadOnlyDictionary";
    public const string ReadOnlySet = "IReadOnlySet";
    public const string ReadOnlyCollection = "IReadOnlyCollection";

    // Keyed by the generic definition's metadata name. The value is the read-only counterpart in
    // System.Collections.Generic that the type itself implements, or null when it implements none (a mutable
    // interface says nothing about the object behind it).
    private static readonly Dictionary<string, string?> s_known = new(StringComparer.Ordinal)
    {
        ["System.Collections.Generic.List`1"] = ReadOnlyList,
        ["System.Collections.ObjectModel.Collection`1"] = ReadOnlyList,
        ["System.Collections.ObjectModel.ObservableCollection`1"] = ReadOnlyList,
        ["System.Collections.Generic.Dictionary`2"] = ReadOnlyDictionary,
        ["System.Collections.Generic.SortedDictionary`2"] = ReadOnlyDictionary,
        ["System.Collections.Generic.SortedList`2"] = ReadOnlyDictionary,
        ["System.Collections.Concurrent.ConcurrentDictionary`2"] = ReadOnlyDictionary,
        ["System.Collections.Generic.HashSet`1"] = ReadOnlySet,
        ["System.Collections.Generic.SortedSet`1"] = ReadOnlySet,
        ["System.Collections.Generic.LinkedList`1"] = ReadOnlyCollection,
        ["System.Collections.Generic.Queue`1"] = ReadOnlyCollection,
        ["System.Collections.Generic.Stack`1"] = ReadOnlyCollection,
        ["System.Collections.Concurrent.ConcurrentBag`1"] = ReadOnlyCollection,
        ["System.Collections.Concurrent.ConcurrentQueue`1"] = ReadOnlyCollection,
        ["System.Collections.Concurrent.ConcurrentStack`1"] = ReadOnlyCollection,
        ["System.Collections.Generic.IList`1"] = null,
        ["System.Collections.Generic.ICollection`1"] = null,
        ["System.Collections.Generic.IDictionary`2"] = null,
        ["System.Collections.Generic.ISet`1"] = null,
        ["System.Collections.ArrayList"] = null,
        ["System.Collections.Hashtable"] = null,
        ["System.Collections.IList"] = null,
        ["System.Collections.IDictionary"] = null,
    };

    /// <summary>Whether <paramref name="type"/> is a mutable collection.</summary>
    /// <param name="type">The result type.</param>
    /// <param name="hasReadOnlySet">Whether the compilation has <c>IReadOnlySet&lt;T&gt;</c> (.NET 5 and later).</param>
    /// <param name="counterpart">The read-only interface's name (<see cref="ReadOnlyList"/>, …), or <see langword="null"/>.</param>
    public static bool IsMutable(ITypeSymbol type, bool hasReadOnlySet, out string? counterpart)
    {
        counterpart = null;
        if (type is IArrayTypeSymbol array)
        {
            counterpart = array.IsSZArray ? ReadOnlyList : null;
            return true;
        }

        if (type is not INamedTypeSymbol named || !s_known.TryGetValue(MetadataName(named.OriginalDefinition), out counterpart))
        {
            return false;
        }

        if (counterpart == ReadOnlySet && !hasReadOnlySet)
        {
            counterpart = ReadOnlyCollection;
        }

        return true;
    }

    /// <summary>The element types the counterpart takes: an array's element, or the collection's type arguments.</summary>
    public static IEnumerable<ITypeSymbol> ElementTypes(ITypeSymbol type) =>
        type is IArrayTypeSymbol array ? new[] { array.ElementType } : ((INamedTypeSymbol)type).TypeArguments;

    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
}
