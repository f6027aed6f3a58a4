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

/// <summary>EK1203 fix: <c>GraphOptimizationLevel.ORT_ENABLE_ALL</c> instead of the lower level.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepGraphOptimizationsFixer))]
[Shared]
public sealed class KeepGraphOptimizationsFixer : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.KeepGraphOptimizations);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            // GraphOptimizationLevel.ORT_DISABLE_ALL, or ORT_DISABLE_ALL alone under "using static".
            var name = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                IdentifierNameSyntax identifier => identifier,
                _ => null,
            };
            if (root is null || name is null)
            {
                continue;
            }

            var replacement = SyntaxFactory.IdentifierName("ORT_ENABLE_ALL").WithTriviaFrom(name);
            context.RegisterCodeFix(
                CodeAction.Create("Use ORT_ENABLE_ALL", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(name, replacement))), RuleIdentifiers.KeepGraphOptimizations),
                diagnostic);
        }
    }
}
