using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Analyzers;

/// <summary>
/// Reports at compile time what the coalescing proxy would refuse at run time (with the same words) and the uses of
/// <c>[Coalesced]</c> that run but do the wrong thing. Symbol and operation actions only: a compilation that does not
/// reference SharedCall.Interception costs one type lookup.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class CoalescedAnalyzer : DiagnosticAnalyzer
{
    internal const string CounterpartProperty = "Counterpart";

    private static readonly string[] s_durations = ["TimeoutMilliseconds", "ReuseForMilliseconds"];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.ByReference,
        Descriptors.AsyncEnumerable,
        Descriptors.KeyTemplate,
        Descriptors.NotAccessible,
        Descriptors.NotOnInterface,
        Descriptors.ReadsAsWrite,
        Descriptors.MutableResult,
        Descriptors.LazyEnumerable,
        Descriptors.NothingToCoalesce,
        Descriptors.NegativeDuration);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (CoalescedSymbols.TryCreate(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols), SymbolKind.Method);
            start.RegisterSymbolAction(c => AnalyzeInterface(c, symbols), SymbolKind.NamedType);
            if (symbols.CoalescingProxy is not null || symbols.ServiceCollectionExtensions is not null)
            {
                start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), Microsoft.CodeAnalysis.OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeInterface(SymbolAnalysisContext context, CoalescedSymbols symbols)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Interface)
        {
            return;
        }

        var own = symbols.OwnAttribute(type);
        if (own is not null)
        {
            ReportNegativeDurations(context, own, interfaceName: null, methodName: null);
        }

        // Only an interface that declares what it coalesces is surely meant to be proxied: one that merely inherits
        // coalesced methods may be an internal extension never proxied. (Inheriting a less visible interface is CS0061.)
        if (!symbols.DeclaresAny(type) || IsVisibleToProxies(type))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.NotAccessible, type.Locations[0], ErrorMessages.NotAccessible(SymbolNames.Reflection(type))));
    }

    // Castle emits proxies into the assembly DynamicProxyGenAssembly2: it sees public types, and internal ones only
    // when the declaring assembly says InternalsVisibleTo("DynamicProxyGenAssembly2"). Private or protected nesting
    // hides a type from any other assembly.
    private static bool IsVisibleToProxies(INamedTypeSymbol type)
    {
        var needsInternals = false;
        for (var current = type; current is not null; current = current.ContainingType)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Internal or Accessibility.ProtectedOrInternal:
                    needsInternals = true;
                    break;
                default:
                    return false;
            }
        }

        return !needsInternals || InternalsVisibleToProxies(type.ContainingAssembly);
    }

    private static bool InternalsVisibleToProxies(IAssemblySymbol assembly)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "InternalsVisibleToAttribute" }
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string friend
                && friend.Split(',')[0].Trim() == "DynamicProxyGenAssembly2")
            {
                return true;
            }
        }

        return false;
    }

    private static void ReportNegativeDurations(SymbolAnalysisContext context, AttributeData attribute, string? interfaceName, string? methodName)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (Array.IndexOf(s_durations, argument.Key) >= 0 && argument.Value.Value is int value and < 0)
            {
                var location = NamedArgument(attribute, argument.Key)?.GetLocation() ?? context.Symbol.Locations[0];
                var message = interfaceName is null || methodName is null
                    ? ErrorMessages.NegativePolicyAlone(argument.Key, value)
                    : ErrorMessages.NegativePolicy(interfaceName, methodName, argument.Key, value);
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.NegativeDuration, location, message));
            }
        }
    }

    private static AttributeArgumentSyntax? NamedArgument(AttributeData attribute, string name) =>
        (attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax)?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
}
