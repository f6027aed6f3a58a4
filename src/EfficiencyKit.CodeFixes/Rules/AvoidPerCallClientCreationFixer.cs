using EfficiencyKit.CodeFixes.Internals;

namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1001 fix: moves the creation into a <c>private static readonly</c> field of the containing type and
/// uses the field instead. Offered only where the analyzer proved the constructor arguments are
/// process-invariant and the object is not disposed explicitly; a <c>using</c> around the creation is
/// removed, because the shared instance must outlive the call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AvoidPerCallClientCreationFixer))]
[Shared]
public sealed class AvoidPerCallClientCreationFixer() : SyntaxRuleFixer(RuleIdentifiers.AvoidPerCallClientCreation)
{
    private const string EquivalenceKey = RuleIdentifiers.AvoidPerCallClientCreation + ".HoistToStaticField";

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(static async (context, document, diagnostics) =>
            await HoistAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    private protected override void RegisterFixes(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic)
    {
        if (FindHoistableCreation(root, diagnostic) is not null)
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Create once in a static readonly field",
                    cancellationToken => HoistAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static BaseObjectCreationExpressionSyntax? FindHoistableCreation(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(AvoidPerCallClientCreationAnalyzer.CanHoistProperty)
            || FindNode(root, diagnostic) is not BaseObjectCreationExpressionSyntax creation
            || GetTargetType(creation) is null)
        {
            return null;
        }

        switch (creation.Parent)
        {
            case UsingStatementSyntax:
                // using (new X()) { ... }: nothing names the object, and disposing the shared one would break it.
                return null;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }
                when declaration.Variables.Count > 1 && IsUsingDeclaration(declaration):
                return null;
            default:
                return creation;
        }
    }

    /// <summary>The class, struct or record that receives the field; none for interfaces and top-level statements.</summary>
    private static TypeDeclarationSyntax? GetTargetType(SyntaxNode node)
        => node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type && type is not InterfaceDeclarationSyntax ? type : null;

    private static bool IsUsingDeclaration(VariableDeclarationSyntax declaration)
        => declaration.Parent is UsingStatementSyntax || (declaration.Parent is LocalDeclarationStatementSyntax local && local.UsingKeyword != default);

    private static async Task<Document> HoistAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var plan = new StaticFieldHoistPlan(model, cancellationToken);
        foreach (var diagnostic in diagnostics)
        {
            if (FindHoistableCreation(root, diagnostic) is { } creation)
            {
                plan.Add(creation, GetTargetType(creation)!);
            }
        }

        return plan.IsEmpty ? document : document.WithSyntaxRoot(plan.Apply(root));
    }
}
