namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1201 fix: in the model path argument, replaces the model's file name with its quantized copy's
/// ("models/intent.onnx" → "models/intent.int8.onnx"). Offered when the file name is a string literal inside the
/// argument (a literal, a Path.Combine part, an interpolation's text); a path held in a constant elsewhere is
/// left to the user. When the model has both an int4 and an int8 copy, the recommended one comes first and the other
/// is a second action.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseQuantizedModelFixer))]
[Shared]
public sealed class UseQuantizedModelFixer() : SyntaxRuleFixer(RuleIdentifiers.UseQuantizedModel)
{
    /// <summary>The action that loads the recommended copy.</summary>
    public const string EquivalenceKey = RuleIdentifiers.UseQuantizedModel + ".SwitchPath";

    /// <summary>The action that loads the other integer copy.</summary>
    public const string AlternativeEquivalenceKey = RuleIdentifiers.UseQuantizedModel + ".SwitchPathToAlternative";

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (FindFileNameToken(root, diagnostic) is not { } token)
        {
            return;
        }

        var quantized = diagnostic.Properties[UseQuantizedModelAnalyzer.QuantizedFileNameProperty]!;
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Load '{quantized}'",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceToken(token, Rewrite(token, diagnostic, quantized)))),
                EquivalenceKey),
            diagnostic);
        if (diagnostic.Properties.TryGetValue(UseQuantizedModelAnalyzer.AlternativeFileNameProperty, out var alternative) && alternative is not null)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Load '{alternative}'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceToken(token, Rewrite(token, diagnostic, alternative)))),
                    AlternativeEquivalenceKey),
                diagnostic);
        }
    }

    // The last literal text in the argument that ends with the model's file name.
    private static SyntaxToken? FindFileNameToken(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(UseQuantizedModelAnalyzer.ModelFileNameProperty, out var fileName) || fileName is null
            || !diagnostic.Properties.ContainsKey(UseQuantizedModelAnalyzer.QuantizedFileNameProperty))
        {
            return null;
        }

        var argument = FindNode(root, diagnostic);
        return argument.DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.InterpolatedStringTextToken))
            .LastOrDefault(t => t.ValueText.Replace('\\', '/').EndsWith(fileName, StringComparison.Ordinal)
                && (t.ValueText.Length == fileName.Length || t.ValueText[t.ValueText.Length - fileName.Length - 1] is '/' or '\\'))
            is { RawKind: not 0 } found ? found : null;
    }

    private static SyntaxToken Rewrite(SyntaxToken token, Diagnostic diagnostic, string quantized)
    {
        var fileName = diagnostic.Properties[UseQuantizedModelAnalyzer.ModelFileNameProperty]!;

        // Edit the source text, not the value, so verbatim and regular literals keep their escaping.
        var text = token.Text;
        var index = text.LastIndexOf(fileName, StringComparison.Ordinal);
        var rewritten = text.Substring(0, index) + quantized + text.Substring(index + fileName.Length);
        var value = token.ValueText.Substring(0, token.ValueText.Length - fileName.Length) + quantized;
        return token.IsKind(SyntaxKind.StringLiteralToken)
            ? SyntaxFactory.Literal(token.LeadingTrivia, rewritten, value, token.TrailingTrivia)
            : SyntaxFactory.Token(token.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, rewritten, value, token.TrailingTrivia);
    }
}
