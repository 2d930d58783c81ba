using Microsoft.CodeAnalysis;

namespace SharedCall.Interception.Analyzers;

/// <summary>The types the rules look for, resolved once per compilation.</summary>
internal sealed class CoalescedSymbols
{
    private CoalescedSymbols(Compilation compilation, INamedTypeSymbol attribute)
    {
        Attribute = attribute;
        CoalescingProxy = compilation.GetTypeByMetadataName("SharedCall.Interception.CoalescingProxy");
        ServiceCollectionExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.CoalescingServiceCollectionExtensions");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        AsyncEnumerable = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        HasReadOnlySet = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlySet`1") is not null;
    }

    public INamedTypeSymbol Attribute { get; }

    public INamedTypeSymbol? CoalescingProxy { get; }

    public INamedTypeSymbol? ServiceCollectionExtensions { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? AsyncEnumerable { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public bool HasReadOnlySet { get; }

    /// <summary>Gets the symbols, or <see langword="null"/> when the compilation does not reference SharedCall.Interception.</summary>
    public static CoalescedSymbols? TryCreate(Compilation compilation) =>
        compilation.GetTypeByMetadataName("SharedCall.Interception.CoalescedAttribute") is { } attribute
            ? new CoalescedSymbols(compilation, attribute)
            : null;

    /// <summary>Gets the [Coalesced] written on <paramref name="symbol"/> itself.</summary>
    public AttributeData? OwnAttribute(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, Attribute))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>
    /// Gets the attribute that marks an interface method, as the proxy reads it: its own, else its interface's for an
    /// ordinary instance method (never a property or event accessor).
    /// </summary>
    public AttributeData? AttributeOf(IMethodSymbol method)
    {
        if (method.IsStatic)
        {
            return null;
        }

        return OwnAttribute(method) ?? (method.MethodKind == MethodKind.Ordinary ? OwnAttribute(method.ContainingType) : null);
    }

    /// <summary>Whether the interface, or one it inherits, is marked or has a coalesced method.</summary>
    public bool AnyCoalescedIn(INamedTypeSymbol interfaceType)
    {
        if (DeclaresAny(interfaceType))
        {
            return true;
        }

        foreach (var inherited in interfaceType.AllInterfaces)
        {
            if (DeclaresAny(inherited))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the interface itself is marked or declares a marked method.</summary>
    public bool DeclaresAny(INamedTypeSymbol interfaceType)
    {
        if (OwnAttribute(interfaceType) is not null)
        {
            return true;
        }

        foreach (var member in interfaceType.GetMembers())
        {
            if (member is IMethodSymbol { IsStatic: false } method && OwnAttribute(method) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
