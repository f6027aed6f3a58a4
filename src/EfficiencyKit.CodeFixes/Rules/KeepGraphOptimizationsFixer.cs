namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>EK1203 fix: <c>GraphOptimizationLevel.ORT_ENABLE_ALL</c> instead of the lower level.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepGraphOptimizationsFixer))]
[Shared]
public sealed class KeepGraphOptimizationsFixer() : SyntaxRuleFixer(RuleIdentifiers.KeepGraphOptimizations)
{
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        // GraphOptimizationLevel.ORT_DISABLE_ALL, or ORT_DISABLE_ALL alone under "using static".
        var name = FindNode(root, diagnostic) switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            IdentifierNameSyntax identifier => identifier,
            _ => null,
        };
        if (name is not null)
        {
            var replacement = SyntaxFactory.IdentifierName("ORT_ENABLE_ALL").WithTriviaFrom(name);
            RegisterReplacement(context, diagnostic, "Use ORT_ENABLE_ALL", RuleIdentifiers.KeepGraphOptimizations, root, name, replacement);
        }
    }
}
