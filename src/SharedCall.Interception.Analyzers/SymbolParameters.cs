using Microsoft.CodeAnalysis;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Analyzers;

/// <summary>A method's parameters as the shared key-template grammar sees them, read from Roslyn symbols.</summary>
internal readonly struct SymbolParameters(IMethodSymbol method, INamedTypeSymbol? cancellationToken) : IKeyTemplateParameters
{
    public int Count => method.Parameters.Length;

    public string? NameAt(int index) => method.Parameters[index].Name;

    public bool IsCancellationTokenAt(int index) =>
        SymbolEqualityComparer.Default.Equals(method.Parameters[index].Type, cancellationToken);

    public bool FormatsAsTypeNameAt(int index)
    {
        var type = method.Parameters[index].Type;
        return KeyTemplateSyntax.FormatsAsTypeName(
            type.TypeKind == TypeKind.Array,
            type.TypeKind == TypeKind.TypeParameter,
            type.IsSealed || type.IsValueType,
            () => KeepsObjectToString(type));
    }

    public string TypeNameAt(int index) => SymbolNames.Display(method.Parameters[index].Type);

    // Reflection's GetMethod("ToString", Type.EmptyTypes) finds the most derived public ToString(): the type keeps
    // object's when no type below object or ValueType declares one.
    private static bool KeepsObjectToString(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType)
            {
                return true;
            }

            foreach (var member in current.GetMembers("ToString"))
            {
                if (member is IMethodSymbol { IsStatic: false, Parameters.Length: 0, DeclaredAccessibility: Accessibility.Public })
                {
                    return false;
                }
            }
        }

        return true;
    }
}
