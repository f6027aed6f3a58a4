using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using EfficiencyKit.Analyzers;
using EfficiencyKit.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1207 fix: <c>Environment.ProcessorCount * 2</c> (or <c>+ 1</c>, <c>&lt;&lt; 1</c>) becomes <c>Environment.ProcessorCount</c>,
/// spelled as the source spells it. A constant above the bound has no mechanical replacement and gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AvoidThreadOversubscriptionFixer))]
[Shared]
public sealed class AvoidThreadOversubscriptionFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.AvoidThreadOversubscription);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || model is null
                || !diagnostic.Properties.TryGetValue(AvoidThreadOversubscriptionAnalyzer.KindProperty, out var kind) || kind != "ProcessorCount"
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
            {
                continue;
            }

            var binary = node as BinaryExpressionSyntax;
            var count = binary is null ? null : IsProcessorCount(binary.Left, model) ? binary.Left : IsProcessorCount(binary.Right, model) ? binary.Right : null;
            if (count is null)
            {
                continue;
            }

            var replacement = count.WithTriviaFrom(node);
            context.RegisterCodeFix(
                CodeAction.Create("Use Environment.ProcessorCount", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, replacement))), RuleIdentifiers.AvoidThreadOversubscription),
                diagnostic);
        }
    }

    private static bool IsProcessorCount(ExpressionSyntax expression, SemanticModel model)
        => model.GetSymbolInfo(expression).Symbol is IPropertySymbol { Name: "ProcessorCount", ContainingType.Name: "Environment" };
}
