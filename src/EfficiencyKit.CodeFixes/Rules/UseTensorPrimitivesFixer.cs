using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1501 fix: replaces the scalar loop with the TensorPrimitives calls the analyzer computed (one per statement,
/// <c>acc += TensorPrimitives.Dot(a, b);</c>). Offered as a refactoring: TensorPrimitives accumulates in the element
/// type in a different order, so sums can differ in the last bits, and it throws where the vectors' lengths differ.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseTensorPrimitivesFixer))]
[Shared]
public sealed class UseTensorPrimitivesFixer() : RuleFixer(RuleIdentifiers.UseTensorPrimitives)
{
    // Fix all rewrites a document's loops in one pass (one tracked root), rather than the batch fixer's merge of
    // separate edits; registration needs no syntax, since the diagnostic carries the replacement text.

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(static async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics.Where(d => d.Properties.ContainsKey(DiagnosticPropertyNames.Replacement)))
        {
            // A loop that widened float elements to double: TensorPrimitives accumulates in float (see the rule page).
            var title = diagnostic.Properties.ContainsKey(DiagnosticPropertyNames.NarrowsAccumulation)
                ? "Use TensorPrimitives (accumulates in float, not double)"
                : "Use TensorPrimitives";
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellationToken => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), RuleIdentifiers.UseTensorPrimitives),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacements = new Dictionary<StatementSyntax, string>();
        var expressions = new Dictionary<ExpressionSyntax, string>();
        foreach (var diagnostic in diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.Replacement, out var replacement) || replacement is null)
            {
                continue;
            }

            if (diagnostic.Properties.TryGetValue(DiagnosticPropertyNames.ReplacementShape, out var shape) && shape == "expression")
            {
                if (FindNode(root, diagnostic) is InvocationExpressionSyntax query)
                {
                    expressions[query] = replacement;
                }
            }
            else if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is StatementSyntax loop and (ForStatementSyntax or ForEachStatementSyntax))
            {
                replacements[loop] = replacement;
            }
        }

        var newRoot = root.TrackNodes(replacements.Keys.Cast<SyntaxNode>().Concat(expressions.Keys));
        foreach (var pair in replacements)
        {
            var loop = newRoot.GetCurrentNode(pair.Key)!;
            newRoot = Rewrite(newRoot, loop, pair.Value);
        }

        foreach (var pair in expressions)
        {
            var query = newRoot.GetCurrentNode(pair.Key)!;
            var call = (ExpressionSyntax)Qualify(SyntaxFactory.ExpressionStatement(SyntaxFactory.ParseExpression(pair.Value))).ChildNodes().First();
            newRoot = newRoot.ReplaceNode(query, call.WithTriviaFrom(query));
        }

        // The calls are written fully qualified; a using is added (and the names simplified) only where it makes no
        // other name ambiguous: System.Numerics.Tensors also declares Tensor<T>, as ONNX Runtime's Tensors namespace does.
        foreach (var ns in new[] { "System.Numerics.Tensors", "System.Runtime.InteropServices" })
        {
            if (newRoot.ToString().Contains(ns + ".", StringComparison.Ordinal) && await CanImportAsync(document, ns, cancellationToken).ConfigureAwait(false))
            {
                newRoot = AddUsing(newRoot, ns);
            }
        }

        var changed = await Simplifier.ReduceAsync(document.WithSyntaxRoot(newRoot), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether no simple name in the document that binds to a type elsewhere names a type of <paramref name="ns"/>.</summary>
    private static async Task<bool> CanImportAsync(Document document, string ns, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var namespaceSymbol = ns.Split('.').Aggregate((INamespaceSymbol?)model?.Compilation.GlobalNamespace, (current, part) => current?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part));
        if (model is null || root is null || namespaceSymbol is null)
        {
            return false;
        }

        var types = new HashSet<(string, int)>(namespaceSymbol.GetTypeMembers().Select(t => (t.Name, t.Arity)));
        foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (types.Contains((name.Identifier.ValueText, name is GenericNameSyntax generic ? generic.Arity : 0))
                && model.GetSymbolInfo(name, cancellationToken).Symbol is INamedTypeSymbol type
                && type.ContainingNamespace?.ToDisplayString() != ns)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The loop becomes the calls, as statements in its block (or as top-level statements); where the loop was the
    /// single statement of an if/else/loop, a block of them.
    /// </summary>
    private static SyntaxNode Rewrite(SyntaxNode root, StatementSyntax loop, string replacement)
    {
        var statements = replacement.Split('\n').Select(line => Qualify(SyntaxFactory.ParseStatement(line)).WithTrailingTrivia(SyntaxFactory.ElasticLineFeed).WithAdditionalAnnotations(Formatter.Annotation)).ToList();
        statements[0] = statements[0].WithLeadingTrivia(loop.GetLeadingTrivia());
        statements[statements.Count - 1] = statements[statements.Count - 1].WithTrailingTrivia(loop.GetTrailingTrivia());
        return loop.Parent switch
        {
            BlockSyntax or SwitchSectionSyntax => root.ReplaceNode(loop, statements),
            GlobalStatementSyntax global => root.ReplaceNode(global, statements.Select(SyntaxFactory.GlobalStatement)),
            _ => root.ReplaceNode(loop, SyntaxFactory.Block(statements).WithTriviaFrom(loop).WithAdditionalAnnotations(Formatter.Annotation)),
        };
    }

    private static SyntaxNode AddUsing(SyntaxNode root, string name)
    {
        if (root is not CompilationUnitSyntax unit
            || unit.Usings.Any(u => u.Name?.ToString() == name)
            || unit.Members.OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(u => u.Name?.ToString() == name)))
        {
            return root;
        }

        return unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(name)).WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>TensorPrimitives and CollectionsMarshal, fully qualified and marked for simplification.</summary>
    private static StatementSyntax Qualify(StatementSyntax statement)
        => statement.ReplaceNodes(
            statement.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Parent is MemberAccessExpressionSyntax access && access.Expression == n && n.Identifier.ValueText is "TensorPrimitives" or "CollectionsMarshal"),
            (original, _) => SyntaxFactory.ParseExpression(original.Identifier.ValueText == "TensorPrimitives" ? "System.Numerics.Tensors.TensorPrimitives" : "System.Runtime.InteropServices.CollectionsMarshal")
                .WithTriviaFrom(original)
                .WithAdditionalAnnotations(Simplifier.Annotation));
}
