namespace EfficiencyKit.CodeFixes;

/// <summary>A fixer that needs only the document's syntax: the semantic model is not fetched, since that compiles the document.</summary>
public abstract class SyntaxRuleFixer : RuleFixer
{
    /// <inheritdoc cref="RuleFixer(string)"/>
    private protected SyntaxRuleFixer(string ruleId)
        : base(ruleId)
    {
    }

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            RegisterFixes(context, root, diagnostic);
        }
    }

    /// <summary>Registers the fixes, if any, for one of the request's diagnostics.</summary>
    private protected abstract void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic);
}
