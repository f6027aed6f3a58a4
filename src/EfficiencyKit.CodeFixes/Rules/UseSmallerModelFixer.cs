namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>EK1202 fix: replaces the model id literal with its smaller sibling. A model id held in a constant elsewhere is left to the user.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSmallerModelFixer))]
[Shared]
public sealed class UseSmallerModelFixer() : SyntaxRuleFixer(RuleIdentifiers.UseSmallerModel)
{
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (FindNode(root, diagnostic) is LiteralExpressionSyntax literal
            && literal.IsKind(SyntaxKind.StringLiteralExpression)
            && diagnostic.Properties.TryGetValue(UseSmallerModelAnalyzer.SiblingProperty, out var sibling) && sibling is not null)
        {
            var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(sibling)).WithTriviaFrom(literal);
            RegisterReplacement(context, diagnostic, $"Use '{sibling}'", RuleIdentifiers.UseSmallerModel + ".Sibling", root, literal, replacement);
        }
    }
}
