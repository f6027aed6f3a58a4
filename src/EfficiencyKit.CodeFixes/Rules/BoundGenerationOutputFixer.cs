using System.Globalization;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace EfficiencyKit.CodeFixes.Rules;

/// <summary>
/// EK1301 fix: sets the output cap (<c>EK1301.max_output_tokens</c>, default 1024) in the options object the call
/// already creates, or passes a new options object with the cap; for OpenAI's <c>CompleteChat(params ChatMessage[])</c>
/// the messages become an array so the overload with options can be called.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BoundGenerationOutputFixer))]
[Shared]
public sealed class BoundGenerationOutputFixer() : RuleFixer(RuleIdentifiers.BoundGenerationOutput)
{
    private const string EquivalenceKey = RuleIdentifiers.BoundGenerationOutput + ".SetCap";

    // Registration reads only the diagnostic's properties; the syntax root and semantic model are fetched when the
    // action runs, so neither SyntaxRuleFixer nor SemanticRuleFixer (which fetch them up front) fits.

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(BoundGenerationOutputAnalyzer.FixKindProperty, out var kind) || kind is null)
            {
                continue;
            }

            var cap = diagnostic.Properties[BoundGenerationOutputAnalyzer.CapPropertyProperty]!;
            var value = diagnostic.Properties[BoundGenerationOutputAnalyzer.CapValueProperty]!;
            context.RegisterCodeFix(
                CodeAction.Create($"Set {cap} = {value}", cancellationToken => FixAsync(context.Document, diagnostic, kind, cancellationToken), EquivalenceKey),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string kind, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        var cap = diagnostic.Properties[BoundGenerationOutputAnalyzer.CapPropertyProperty]!;
        var value = int.Parse(diagnostic.Properties[BoundGenerationOutputAnalyzer.CapValueProperty]!, CultureInfo.InvariantCulture);
        var assignment = SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(cap),
            SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value)));
        SyntaxNode newRoot;
        if (kind == BoundGenerationOutputAnalyzer.FixInitializer)
        {
            var creation = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>()!;
            var initializer = creation.Initializer is { } existing
                ? existing.AddExpressions(assignment)
                : SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment));
            var updated = creation.WithInitializer(initializer);
            if (updated is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } withEmptyArguments)
            {
                updated = withEmptyArguments.WithArgumentList(null).WithType(withEmptyArguments.Type.WithTrailingTrivia(SyntaxFactory.Space));
            }

            newRoot = root.ReplaceNode(creation, updated.WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            var invocation = FindNode(root, diagnostic).FirstAncestorOrSelf<InvocationExpressionSyntax>()!;
            var optionsType = model.Compilation.GetTypeByMetadataName(diagnostic.Properties[BoundGenerationOutputAnalyzer.OptionsTypeProperty]!)!;
            var generator = SyntaxGenerator.GetGenerator(document);
            var optionsTypeSyntax = (TypeSyntax)generator.TypeExpression(optionsType).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
            var options = SyntaxFactory.ObjectCreationExpression(optionsTypeSyntax)
                .WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment)));
            var arguments = invocation.ArgumentList;
            if (kind == BoundGenerationOutputAnalyzer.FixParamsArray && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Parameters.Length: 1 } paramsMethod && paramsMethod.Parameters[0].Type is IArrayTypeSymbol array)
            {
                var messages = generator.ArrayCreationExpression(
                    generator.TypeExpression(array.ElementType).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation),
                    arguments.Arguments.Select(a => a.Expression));
                arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList([SyntaxFactory.Argument((ExpressionSyntax)messages), SyntaxFactory.Argument(options)]));
            }
            else
            {
                // An explicit null or default for the options (positional or named) is replaced; otherwise the options
                // are added by name, after whatever arguments are there.
                var existing = model.GetOperation(invocation, cancellationToken) is Microsoft.CodeAnalysis.Operations.IInvocationOperation operation
                    ? operation.Arguments.FirstOrDefault(a => a.ArgumentKind == Microsoft.CodeAnalysis.Operations.ArgumentKind.Explicit
                        && a.Parameter is { } p && SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, optionsType))?.Syntax as ArgumentSyntax
                    : null;
                if (existing is not null)
                {
                    arguments = arguments.ReplaceNode(existing, existing.WithExpression(options.WithTriviaFrom(existing.Expression)));
                }
                else
                {
                    var parameter = (model.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol)?.Parameters.FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, optionsType));
                    arguments = arguments.AddArguments(SyntaxFactory.Argument(options).WithNameColon(SyntaxFactory.NameColon(parameter?.Name ?? "options")));
                }
            }

            newRoot = root.ReplaceNode(invocation.ArgumentList, arguments.WithAdditionalAnnotations(Formatter.Annotation));
        }

        var changed = document.WithSyntaxRoot(newRoot);
        changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
