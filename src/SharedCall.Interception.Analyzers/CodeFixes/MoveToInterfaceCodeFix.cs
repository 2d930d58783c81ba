using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace SharedCall.Interception.Analyzers.CodeFixes;

/// <summary>SC1005: moves <c>[Coalesced]</c> from a class member to the interface method it implements.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveToInterfaceCodeFix))]
[Shared]
public sealed class MoveToInterfaceCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.NotOnInterface.Id);

    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span) is not AttributeSyntax attribute
            || attribute.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } member
            || model?.GetDeclaredSymbol(member, context.CancellationToken) is not { } method
            || CoalescedAnalyzer.ImplementedInterfaceMethod(method) is not { } target
            || target.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference)
        {
            return;
        }

        var targetDocument = context.Document.Project.Solution.GetDocument(reference.SyntaxTree);
        if (targetDocument is null)
        {
            return;
        }

        // When the interface method already has [Coalesced], the class's copy only goes away.
        var targetIsMarked = target.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "SharedCall.Interception.CoalescedAttribute");
        var title = (targetIsMarked ? "Remove [Coalesced]: it is on " : "Move [Coalesced] to ") + target.ContainingType.Name + "." + target.Name;
        context.RegisterCodeFix(
            CodeAction.Create(
                title,
                token => MoveAsync(context.Document, attribute, targetIsMarked ? null : targetDocument, reference, token),
                equivalenceKey: nameof(MoveToInterfaceCodeFix)),
            context.Diagnostics);
    }

    private static async Task<Solution> MoveAsync(
        Document document, AttributeSyntax attribute, Document? targetDocument, SyntaxReference target, CancellationToken token)
    {
        var editor = new SolutionEditor(document.Project.Solution);
        var sourceEditor = await editor.GetDocumentEditorAsync(document.Id, token).ConfigureAwait(false);
        var list = (AttributeListSyntax)attribute.Parent!;
        if (list.Attributes.Count == 1)
        {
            sourceEditor.RemoveNode(list, SyntaxRemoveOptions.KeepNoTrivia);
        }
        else
        {
            sourceEditor.RemoveNode(attribute);
        }

        if (targetDocument is null)
        {
            return editor.GetChangedSolution();
        }

        var targetEditor = await editor.GetDocumentEditorAsync(targetDocument.Id, token).ConfigureAwait(false);
        var targetNode = await target.GetSyntaxAsync(token).ConfigureAwait(false);
        // Written in full, then simplified: the interface's file may not have the using directive the class's has.
        var name = SyntaxFactory.ParseName("SharedCall.Interception.Coalesced")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var moved = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute.WithoutTrivia().WithName(name)));
        targetEditor.AddAttribute(targetNode, moved);
        return editor.GetChangedSolution();
    }
}
