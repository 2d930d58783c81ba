using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SharedCall.Interception.Internal;
using DependencyInjectionMessages = SharedCall.Interception.DependencyInjection.Internal.ErrorMessages;

namespace SharedCall.Interception.Analyzers;

// SC1009: CoalescingProxy.Create<T> and services.Coalesce<T>() with a T that is a class, or an interface with
// nothing to coalesce.
public sealed partial class CoalescedAnalyzer
{
    private static void AnalyzeInvocation(OperationAnalysisContext context, CoalescedSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod;
        if (!target.IsGenericMethod || target.TypeArguments.Length != 1)
        {
            return;
        }

        var isProxy = target.Name == "Create" && SymbolEqualityComparer.Default.Equals(target.ContainingType, symbols.CoalescingProxy);
        var isRegistration = !isProxy
            && target.Name == "Coalesce"
            && SymbolEqualityComparer.Default.Equals(target.ContainingType, symbols.ServiceCollectionExtensions);
        if ((!isProxy && !isRegistration) || target.TypeArguments[0] is not INamedTypeSymbol type)
        {
            return;
        }

        string message;
        if (type.TypeKind != TypeKind.Interface)
        {
            message = isProxy ? ErrorMessages.NotAnInterface(SymbolNames.Reflection(type)) : DependencyInjectionMessages.NotAnInterface(type.Name);
        }
        else if (!symbols.AnyCoalescedIn(type))
        {
            message = isProxy ? NoCoalescedMethodsToProxy(type.Name) : DependencyInjectionMessages.NoCoalescedMethods(type.Name);
        }
        else
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.NothingToCoalesce, TypeArgumentLocation(invocation), message));
    }

    // CoalescingProxy.Create of an interface without coalesced methods works at run time (every call forwards), so
    // there is no run-time message to share: this one follows Coalesce<T>()'s.
    private static string NoCoalescedMethodsToProxy(string name) =>
        "CoalescingProxy.Create<" + name + ">() found no [Coalesced] method on '" + name
        + "', so the proxy would coalesce nothing. Mark the interface methods to coalesce with [Coalesced], or the interface itself.";

    // The written type argument when there is one (Create<IRepo>(...)), else the method's name (an inferred argument).
    private static Location TypeArgumentLocation(IInvocationOperation invocation)
    {
        var expression = (invocation.Syntax as InvocationExpressionSyntax)?.Expression;
        var name = expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        return name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic
            ? generic.TypeArgumentList.Arguments[0].GetLocation()
            : (name ?? invocation.Syntax).GetLocation();
    }
}
