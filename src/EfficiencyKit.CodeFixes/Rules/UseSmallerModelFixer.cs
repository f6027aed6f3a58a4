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

/// <summary>EK1202 fix: replaces the model id literal with its smaller sibling. A model id held in a constant elsewhere is left to the user.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSmallerModelFixer))]
[Shared]
public sealed class UseSmallerModelFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UseSmallerModel);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression)
                || !diagnostic.Properties.TryGetValue(UseSmallerModelAnalyzer.SiblingProperty, out var sibling) || sibling is null)
            {
                continue;
            }

            var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(sibling)).WithTriviaFrom(literal);
            context.RegisterCodeFix(
                CodeAction.Create($"Use '{sibling}'", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, replacement))), RuleIdentifiers.UseSmallerModel + ".Sibling"),
                diagnostic);
        }
    }
}
