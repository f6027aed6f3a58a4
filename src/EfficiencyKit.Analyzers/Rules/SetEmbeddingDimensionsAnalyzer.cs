using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1204: an embedding vector cut to its first n dimensions on the client (<c>Slice(0, n)</c>, <c>[..n]</c>,
/// <c>Take(n)</c>, <c>AsSpan(0, n)</c>). The model still computed, serialised and sent every dimension; models
/// trained for shortening (OpenAI text-embedding-3-*) return n dimensions when asked through <c>Dimensions</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SetEmbeddingDimensionsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.SetEmbeddingDimensions,
        "Request fewer embedding dimensions instead of truncating on the client",
        "'{0}' keeps the first {1} dimensions of an embedding the model returned in full; request 'Dimensions = {1}' in the embedding options instead{2}",
        RuleCategories.Precision,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "OpenAI text-embedding-3-* models (and other Matryoshka-trained models) return shorter vectors when asked through "
        + "EmbeddingGenerationOptions.Dimensions; truncating on the client transfers, parses and allocates the full vector for nothing.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.SetEmbeddingDimensions));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var origin = new EmbeddingVectorOrigin(compilationContext.Compilation);
            if (!origin.Any)
            {
                return;
            }

            compilationContext.RegisterOperationAction(c => AnalyzeInvocation(c, origin), OperationKind.Invocation);
            compilationContext.RegisterSyntaxNodeAction(c => AnalyzeRange(c, origin), SyntaxKind.ElementAccessExpression);
        });
    }

    // v.Slice(0, n), array.AsSpan(0, n) / AsMemory(0, n), v.Take(n)
    private static void AnalyzeInvocation(OperationAnalysisContext context, EmbeddingVectorOrigin origin)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        IOperation? source;
        IOperation? count;
        switch (method.Name)
        {
            case "Slice" when invocation.Instance is not null && invocation.Arguments.Length == 2:
                source = invocation.Instance;
                (count, var start) = (invocation.Arguments[1].Value, invocation.Arguments[0].Value);
                if (!IsZero(start))
                {
                    return;
                }

                break;
            case "AsSpan" or "AsMemory" when method.IsExtensionMethod && invocation.Arguments.Length == 3 && IsZero(invocation.Arguments[1].Value):
                source = invocation.Arguments[0].Value;
                count = invocation.Arguments[2].Value;
                break;
            case "Take" when method.IsExtensionMethod && invocation.Arguments.Length == 2 && invocation.Arguments[1].Value.Type?.SpecialType == SpecialType.System_Int32:
                source = invocation.Arguments[0].Value;
                count = invocation.Arguments[1].Value;
                break;
            default:
                return;
        }

        if (origin.IsEmbeddingVector(source, context.CancellationToken))
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, invocation.Syntax.GetLocation(), context.Options, null, null, null, method.Name, count.Syntax.ToString()));
        }
    }

    // v[..n], v[0..n]
    private static void AnalyzeRange(SyntaxNodeAnalysisContext context, EmbeddingVectorOrigin origin)
    {
        var access = (ElementAccessExpressionSyntax)context.Node;
        if (access.ArgumentList.Arguments.Count != 1
            || access.ArgumentList.Arguments[0].Expression is not RangeExpressionSyntax { RightOperand: { } end } range
            || (range.LeftOperand is { } start && context.SemanticModel.GetConstantValue(start, context.CancellationToken) is not { HasValue: true, Value: 0 })
            || end is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.IndexExpression })
        {
            return;
        }

        var receiver = context.SemanticModel.GetOperation(access.Expression, context.CancellationToken);
        if (origin.IsEmbeddingVector(receiver, context.CancellationToken))
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, access.GetLocation(), context.Options, null, null, null, access.ToString(), end.ToString()));
        }
    }

    private static bool IsZero(IOperation operation) => operation.ConstantValue is { HasValue: true, Value: 0 };
}
