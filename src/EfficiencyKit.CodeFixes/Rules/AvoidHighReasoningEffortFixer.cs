using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using EfficiencyKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>EK1302 fixes: use <c>Low</c> or <c>Medium</c> of the same effort type instead of <c>High</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AvoidHighReasoningEffortFixer))]
[Shared]
public sealed class AvoidHighReasoningEffortFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.AvoidHighReasoningEffort);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (root is null || node is not (MemberAccessExpressionSyntax or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression, Parent: AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "ReasoningEffort" } } }))
            {
                continue;
            }

            foreach (var level in new[] { "Low", "Medium" })
            {
                // ChatReasoningEffortLevel.High becomes .Low; Semantic Kernel's string form "high" becomes "low".
                SyntaxNode replacement = node is MemberAccessExpressionSyntax access
                    ? access.WithName(SyntaxFactory.IdentifierName(level).WithTriviaFrom(access.Name))
                    : SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(level.ToLowerInvariant())).WithTriviaFrom(node);
                context.RegisterCodeFix(
                    CodeAction.Create($"Use {level} reasoning effort", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, replacement))), RuleIdentifiers.AvoidHighReasoningEffort + "." + level),
                    diagnostic);
            }
        }
    }
}
