namespace EfficiencyKit.CodeFixes;

/// <summary>
/// What every EfficiencyKit fixer shares: it fixes one rule, fixes all occurrences with the batch fixer unless it
/// overrides that, and finds the node a diagnostic points at the same way. Derive from <see cref="SyntaxRuleFixer"/>
/// or <see cref="SemanticRuleFixer"/>, which fetch what the fix needs once per request.
/// </summary>
public abstract class RuleFixer : CodeFixProvider
{
    /// <summary>A fixer for the rule <paramref name="ruleId"/>.</summary>
    /// <param name="ruleId">The id of the rule this fixer fixes (one of <c>RuleIdentifiers</c>).</param>
    private protected RuleFixer(string ruleId) => FixableDiagnosticIds = ImmutableArray.Create(ruleId);

    /// <inheritdoc/>
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <summary>The innermost node at the diagnostic's location (an identifier rather than its member access, where both span it).</summary>
    private protected static SyntaxNode FindNode(SyntaxNode root, Diagnostic diagnostic)
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

    /// <summary>Offers, for <paramref name="diagnostic"/>, the action <paramref name="title"/> that puts <paramref name="replacement"/> where <paramref name="node"/> stands.</summary>
    private protected static void RegisterReplacement(CodeFixContext context, Diagnostic diagnostic, string title, string equivalenceKey, SyntaxNode root, SyntaxNode node, SyntaxNode replacement)
        => context.RegisterCodeFix(
            CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, replacement))), equivalenceKey),
            diagnostic);
}
