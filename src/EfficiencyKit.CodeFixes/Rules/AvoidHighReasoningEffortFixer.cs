namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>EK1302 fixes: use <c>Low</c> or <c>Medium</c> of the same effort type instead of <c>High</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AvoidHighReasoningEffortFixer))]
[Shared]
public sealed class AvoidHighReasoningEffortFixer() : SyntaxRuleFixer(RuleIdentifiers.AvoidHighReasoningEffort)
{
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        var node = FindNode(root, diagnostic);
        if (node is not (MemberAccessExpressionSyntax or LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression, Parent: AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "ReasoningEffort" } } }))
        {
            return;
        }

        foreach (var level in new[] { "Low", "Medium" })
        {
            // ChatReasoningEffortLevel.High becomes .Low; Semantic Kernel's string form "high" becomes "low".
            SyntaxNode replacement = node is MemberAccessExpressionSyntax access
                ? access.WithName(SyntaxFactory.IdentifierName(level).WithTriviaFrom(access.Name))
                : SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(level.ToLowerInvariant())).WithTriviaFrom(node);
            RegisterReplacement(context, diagnostic, $"Use {level} reasoning effort", RuleIdentifiers.AvoidHighReasoningEffort + "." + level, root, node, replacement);
        }
    }
}
