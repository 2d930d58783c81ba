using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;

namespace SharedCall.Interception.Analyzers.CodeFixes;

/// <summary>
/// SC1007: changes a coalesced method's mutable collection result (<c>List&lt;T&gt;</c>) to the read-only interface
/// the collection implements (<c>IReadOnlyList&lt;T&gt;</c>), in the interface and in every implementation in the
/// solution whose return type is written the same way, so the code still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReadOnlyResultCodeFix))]
[Shared]
public sealed class ReadOnlyResultCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.MutableResult.Id);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(CoalescedAnalyzer.CounterpartProperty, out var counterpart) || counterpart is null)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not TypeSyntax returnType
            || returnType.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration
            || CollectionType(declaration.ReturnType) is not { } collection)
        {
            return;
        }

        var replacement = ReadOnlyType(counterpart, collection);
        if (replacement is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Return " + replacement.ToString(),
                token => ChangeAsync(context.Document, declaration, collection, replacement, token),
                equivalenceKey: nameof(ReadOnlyResultCodeFix)),
            diagnostic);
    }

    private static async Task<Solution> ChangeAsync(
        Document document, MethodDeclarationSyntax declaration, TypeSyntax collection, TypeSyntax replacement, CancellationToken token)
    {
        var solution = document.Project.Solution;
        var editor = new SolutionEditor(solution);
        var interfaceEditor = await editor.GetDocumentEditorAsync(document.Id, token).ConfigureAwait(false);
        interfaceEditor.ReplaceNode(collection, Annotate(replacement, collection));

        var model = await document.GetSemanticModelAsync(token).ConfigureAwait(false);
        if (model?.GetDeclaredSymbol(declaration, token) is { } method)
        {
            foreach (var implementation in await SymbolFinder.FindImplementationsAsync(method, solution, cancellationToken: token).ConfigureAwait(false))
            {
                foreach (var reference in implementation.DeclaringSyntaxReferences)
                {
                    if (await reference.GetSyntaxAsync(token).ConfigureAwait(false) is MethodDeclarationSyntax implemented
                        && CollectionType(implemented.ReturnType) is { } written
                        && written.IsEquivalentTo(collection)
                        && solution.GetDocument(reference.SyntaxTree) is { } implementationDocument)
                    {
                        var implementationEditor = await editor.GetDocumentEditorAsync(implementationDocument.Id, token).ConfigureAwait(false);
                        implementationEditor.ReplaceNode(written, Annotate(replacement, written));
                    }
                }
            }
        }

        return editor.GetChangedSolution();
    }

    // The collection inside Task<...> or ValueTask<...>, or the return type itself.
    private static TypeSyntax? CollectionType(TypeSyntax returnType) =>
        returnType is GenericNameSyntax { Identifier.ValueText: "Task" or "ValueTask", TypeArgumentList.Arguments.Count: 1 } task
            ? task.TypeArgumentList.Arguments[0]
            : returnType is QualifiedNameSyntax { Right: GenericNameSyntax { Identifier.ValueText: "Task" or "ValueTask", TypeArgumentList.Arguments.Count: 1 } qualified }
                ? qualified.TypeArgumentList.Arguments[0]
                : returnType;

    private static QualifiedNameSyntax? ReadOnlyType(string counterpart, TypeSyntax collection)
    {
        var arguments = collection switch
        {
            ArrayTypeSyntax array => SyntaxFactory.SingletonSeparatedList(array.ElementType.WithoutTrivia()),
            GenericNameSyntax generic => generic.TypeArgumentList.Arguments,
            QualifiedNameSyntax { Right: GenericNameSyntax generic } => generic.TypeArgumentList.Arguments,
            _ => default,
        };
        if (arguments.Count == 0)
        {
            return null;
        }

        return SyntaxFactory.QualifiedName(
            SyntaxFactory.ParseName("System.Collections.Generic"),
            SyntaxFactory.GenericName(SyntaxFactory.Identifier(counterpart), SyntaxFactory.TypeArgumentList(arguments)));
    }

    private static TypeSyntax Annotate(TypeSyntax replacement, TypeSyntax original) =>
        replacement.WithTriviaFrom(original).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
}
