using System.Collections.Immutable;
using EfficiencyKit.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1101: a single-input embedding call runs once per loop iteration or per item, where the API takes a batch.
/// Each request pays its own round trip, request overhead and, on the provider's side, a batch of one; one call
/// with many inputs (OpenAI: up to 2048) does the same work at a fraction of the requests. A single query embedded
/// per request is not waste and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BatchEmbeddingRequestsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.BatchEmbeddingRequests,
        "Batch embedding requests instead of embedding one input per iteration",
        "'{0}' embeds one input {1}; collect the inputs and call '{2}' once (OpenAI accepts up to 2048 inputs per request){3}",
        RuleCategories.Batching,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        "Embedding inputs one at a time inside a loop or a per-item lambda sends one request per input. Embedding APIs take a batch: "
        + "collect the inputs, call the batch method once per chunk, and zip the results back in order.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.BatchEmbeddingRequests));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var requests = new AiRequestKinds(compilationContext.Compilation);
            if (!requests.AnyEmbedding)
            {
                return;
            }

            var executionTypes = new ExecutionContextTypes(compilationContext.Compilation);
            compilationContext.RegisterOperationAction(
                operationContext => Analyze(operationContext, requests, executionTypes),
                OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, AiRequestKinds requests, ExecutionContextTypes executionTypes)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var batchMethod = requests.BatchAlternative(invocation.TargetMethod);
        if (batchMethod is null)
        {
            return;
        }

        var site = ExecutionSiteFinder.Find(invocation, context.ContainingSymbol, executionTypes);
        if (site.Kind is not (ExecutionSiteKind.Loop or ExecutionSiteKind.PerItem))
        {
            return;
        }

        var where = site.Kind == ExecutionSiteKind.Loop
            ? $"per iteration of a '{site.Name}' loop"
            : $"per item of the lambda passed to '{site.Name}'";
        context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, invocation.Syntax.GetLocation(), context.Options, null, null, null, invocation.TargetMethod.Name, where, batchMethod));
    }
}
