namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1207 fix: <c>Environment.ProcessorCount * 2</c> (or <c>+ 1</c>, <c>&lt;&lt; 1</c>) becomes <c>Environment.ProcessorCount</c>,
/// spelled as the source spells it. A constant above the bound has no mechanical replacement and gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AvoidThreadOversubscriptionFixer))]
[Shared]
public sealed class AvoidThreadOversubscriptionFixer() : SemanticRuleFixer(RuleIdentifiers.AvoidThreadOversubscription)
{
    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(AvoidThreadOversubscriptionAnalyzer.KindProperty, out var kind) || kind != "ProcessorCount"
            || FindNode(root, diagnostic) is not BinaryExpressionSyntax binary)
        {
            return;
        }

        var count = IsProcessorCount(binary.Left, model) ? binary.Left : IsProcessorCount(binary.Right, model) ? binary.Right : null;
        if (count is not null)
        {
            RegisterReplacement(context, diagnostic, "Use Environment.ProcessorCount", RuleIdentifiers.AvoidThreadOversubscription, root, binary, count.WithTriviaFrom(binary));
        }
    }

    private static bool IsProcessorCount(ExpressionSyntax expression, SemanticModel model)
        => model.GetSymbolInfo(expression).Symbol is IPropertySymbol { Name: "ProcessorCount", ContainingType.Name: "Environment" };
}
