namespace EfficiencyKit.CodeFixes;

/// <summary>A fixer that binds symbols: the syntax root and the semantic model are fetched once for all the request's diagnostics.</summary>
public abstract class SemanticRuleFixer : RuleFixer
{
    /// <inheritdoc cref="RuleFixer(string)"/>
    private protected SemanticRuleFixer(string ruleId)
        : base(ruleId)
    {
    }

    /// <inheritdoc/>
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            RegisterFixes(context, root, model, diagnostic);
        }
    }

    /// <summary>Registers the fixes, if any, for one of the request's diagnostics.</summary>
    private protected abstract void RegisterFixes(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic);
}
