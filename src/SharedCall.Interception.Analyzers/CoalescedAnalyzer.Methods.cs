using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SharedCall.Interception.Internal;

namespace SharedCall.Interception.Analyzers;

// The rules about one method: where [Coalesced] sits (SC1005), what the proxy would refuse (SC1001-SC1003, the
// run-time checks' order and words) and what it would accept but get wrong (SC1006-SC1008).
public sealed partial class CoalescedAnalyzer
{
    private static void AnalyzeMethod(SymbolAnalysisContext context, CoalescedSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        var own = symbols.OwnAttribute(method);
        if (own is not null)
        {
            // On an interface method, in the words the proxy's creation would throw with.
            ReportNegativeDurations(
                context,
                own,
                method.ContainingType.TypeKind == TypeKind.Interface ? SymbolNames.Display(method.ContainingType) : null,
                method.Name);
        }

        if (method.ContainingType.TypeKind != TypeKind.Interface)
        {
            if (own is not null)
            {
                ReportNotOnInterface(context, method, own);
            }

            return;
        }

        var attribute = symbols.AttributeOf(method);
        if (attribute is null)
        {
            return;
        }

        var interfaceName = SymbolNames.Display(method.ContainingType);
        var location = method.Locations[0];
        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            Report(context, Descriptors.ByReference, location, interfaceName, method, ErrorMessages.ByRefReturn);
        }

        if (SymbolEqualityComparer.Default.Equals(method.ReturnType.OriginalDefinition, symbols.AsyncEnumerable))
        {
            Report(context, Descriptors.AsyncEnumerable, location, interfaceName, method, ErrorMessages.AsyncEnumerable);
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                Report(context, Descriptors.ByReference, parameter.Locations[0], interfaceName, method, ErrorMessages.ByRefParameter(parameter.Name));
            }
        }

        // The interface's template applies only to methods without an attribute of their own.
        var key = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Key").Value.Value as string;
        if (key is not null && FindTemplateProblem(key, method, symbols) is { } problem)
        {
            var keyLocation = ReferenceEquals(attribute, own) ? NamedArgument(attribute, "Key")?.Expression.GetLocation() : null;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.KeyTemplate, keyLocation ?? location, ErrorMessages.CannotUseKeyTemplate(interfaceName, method.Name, problem)));
        }

        if (WriteVerbs.LeadingWrite(method.Name) is { } verb)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.ReadsAsWrite, location, interfaceName, method.Name, verb));
        }

        ReportResultProblems(context, symbols, method, interfaceName);
    }

    private static string? FindTemplateProblem(string template, IMethodSymbol method, CoalescedSymbols symbols)
    {
        var error = KeyTemplateSyntax.Translate(template, new SymbolParameters(method, symbols.CancellationToken), out var composite, out var indexes);
        if (error is not null)
        {
            return error;
        }

        // The run time parses the composite format with CompositeFormat.Parse; string.Format's parser refuses the same
        // bad alignments and formats (null arguments skip the format strings themselves).
        try
        {
            _ = string.Format(CultureInfo.InvariantCulture, composite, new object?[indexes.Count]);
            return null;
        }
        catch (FormatException)
        {
            return ErrorMessages.TemplateMalformed(template);
        }
    }

    private static void ReportResultProblems(SymbolAnalysisContext context, CoalescedSymbols symbols, IMethodSymbol method, string interfaceName)
    {
        var declaredReturn = method.ReturnType;
        var result = declaredReturn is INamedTypeSymbol { IsGenericType: true } generic
            && (SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, symbols.Task)
                || SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, symbols.ValueTask))
            ? generic.TypeArguments[0]
            : declaredReturn;
        var returnTypeSyntax = (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) as MethodDeclarationSyntax)?.ReturnType;
        var location = returnTypeSyntax?.GetLocation() ?? method.Locations[0];
        if (MutableCollections.IsMutable(result, symbols.HasReadOnlySet, out var counterpart))
        {
            var instead = counterpart is null
                ? "a read-only type (IReadOnlyList<T>, IReadOnlyDictionary<TKey, TValue>, IReadOnlyCollection<T>) or an immutable collection"
                : "'" + counterpart + "<" + string.Join(", ", MutableCollections.ElementTypes(result).Select(Minimal)) + ">'";
            var properties = counterpart is null
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(CounterpartProperty, counterpart);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MutableResult, location, properties, interfaceName, method.Name, Minimal(result), instead));
        }
        else if (result is INamedTypeSymbol named
            && named.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T or SpecialType.System_Collections_IEnumerable)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.LazyEnumerable, location, interfaceName, method.Name, Minimal(result)));
        }
    }

    private static void ReportNotOnInterface(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute)
    {
        var implemented = ImplementedInterfaceMethod(method);
        var name = method.ContainingType.Name + "." + method.Name;
        var where = implemented is null ? string.Empty : " ('" + implemented.ContainingType.Name + "." + implemented.Name + "')";
        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? method.Locations[0];
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.NotOnInterface, location, name, where));
    }

    /// <summary>The interface method <paramref name="method"/> implements, explicitly or implicitly, if any.</summary>
    internal static IMethodSymbol? ImplementedInterfaceMethod(IMethodSymbol method)
    {
        if (method.ExplicitInterfaceImplementations.Length > 0)
        {
            return method.ExplicitInterfaceImplementations[0];
        }

        foreach (var candidate in method.ContainingType.AllInterfaces)
        {
            foreach (var member in candidate.GetMembers(method.Name))
            {
                if (member is IMethodSymbol interfaceMethod
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(interfaceMethod), method))
                {
                    return interfaceMethod;
                }
            }
        }

        return null;
    }

    private static void Report(
        SymbolAnalysisContext context, DiagnosticDescriptor descriptor, Location location, string interfaceName, IMethodSymbol method, string reason) =>
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, ErrorMessages.CannotCoalesce(interfaceName, method.Name, reason)));

    private static string Minimal(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
