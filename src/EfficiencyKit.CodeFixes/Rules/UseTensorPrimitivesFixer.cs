using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.Analyzers;
using EfficiencyKit.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1501 fix: replaces the scalar loop with the TensorPrimitives calls the analyzer computed (one per statement,
/// <c>acc += TensorPrimitives.Dot(a, b);</c>). Offered as a refactoring: TensorPrimitives accumulates in the element
/// type in a different order, so sums can differ in the last bits, and it throws where the vectors' lengths differ.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTensorPrimitivesFixer))]
[Shared]
public sealed class UseTensorPrimitivesFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UseTensorPrimitives);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(static async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics.Where(d => d.Properties.ContainsKey(UseTensorPrimitivesAnalyzer.ReplacementProperty)))
        {
            context.RegisterCodeFix(
                CodeAction.Create("Use TensorPrimitives", cancellationToken => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), RuleIdentifiers.UseTensorPrimitives),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacements = new Dictionary<ForStatementSyntax, string>();
        var needsInteropServices = false;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(UseTensorPrimitivesAnalyzer.ReplacementProperty, out var replacement) && replacement is not null
                && root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is ForStatementSyntax loop)
            {
                replacements[loop] = replacement;
                needsInteropServices |= diagnostic.Properties.TryGetValue(UseTensorPrimitivesAnalyzer.NeedsInteropServicesProperty, out var value) && value == "true";
            }
        }

        var newRoot = root.TrackNodes(replacements.Keys);
        foreach (var pair in replacements)
        {
            var loop = newRoot.GetCurrentNode(pair.Key)!;
            newRoot = Rewrite(newRoot, loop, pair.Value);
        }

        newRoot = AddUsing(newRoot, "System.Numerics.Tensors");
        if (needsInteropServices)
        {
            newRoot = AddUsing(newRoot, "System.Runtime.InteropServices");
        }

        return await Formatter.FormatAsync(document.WithSyntaxRoot(newRoot), Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The loop becomes the calls, as statements in its block (or as top-level statements); where the loop was the
    /// single statement of an if/else/loop, a block of them.
    /// </summary>
    private static SyntaxNode Rewrite(SyntaxNode root, ForStatementSyntax loop, string replacement)
    {
        var statements = replacement.Split('\n').Select(line => SyntaxFactory.ParseStatement(line).WithTrailingTrivia(SyntaxFactory.ElasticLineFeed).WithAdditionalAnnotations(Formatter.Annotation)).ToList();
        statements[0] = statements[0].WithLeadingTrivia(loop.GetLeadingTrivia());
        statements[statements.Count - 1] = statements[statements.Count - 1].WithTrailingTrivia(loop.GetTrailingTrivia());
        return loop.Parent switch
        {
            BlockSyntax or SwitchSectionSyntax => root.ReplaceNode(loop, statements),
            GlobalStatementSyntax global => root.ReplaceNode(global, statements.Select(SyntaxFactory.GlobalStatement)),
            _ => root.ReplaceNode(loop, SyntaxFactory.Block(statements).WithTriviaFrom(loop).WithAdditionalAnnotations(Formatter.Annotation)),
        };
    }

    private static SyntaxNode AddUsing(SyntaxNode root, string name)
    {
        if (root is not CompilationUnitSyntax unit
            || unit.Usings.Any(u => u.Name?.ToString() == name)
            || unit.Members.OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Name?.ToString() == name)))
        {
            return root;
        }

        return unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name)).WithAdditionalAnnotations(Formatter.Annotation));
    }
}
