using Microsoft.CodeAnalysis.CSharp.Syntax;

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
            // No gate on the embedding packages: a helper may POST to an embeddings endpoint with a bare HttpClient.
            var requests = new AiRequestKinds(compilationContext.Compilation);
            var executionTypes = new ExecutionContextTypes(compilationContext.Compilation);
            var summaries = SingleInputCallSummaries.For(compilationContext.Compilation);
            compilationContext.RegisterOperationAction(
                operationContext => Analyze(operationContext, requests, executionTypes, summaries),
                OperationKind.Invocation);

            // texts.Select(embedder.EmbedAsync): a method group run per item.
            compilationContext.RegisterOperationAction(
                operationContext => AnalyzeMethodGroup(operationContext, requests, executionTypes, summaries),
                OperationKind.MethodReference);

            // A call whose arguments include an unbound type still names its method: follow it rather than go silent.
            compilationContext.RegisterOperationAction(
                operationContext => AnalyzeHelperCall(operationContext, operationContext.Operation, executionTypes, summaries),
                OperationKind.Invalid);
        });
    }

    private static void Analyze(OperationAnalysisContext context, AiRequestKinds requests, ExecutionContextTypes executionTypes, SingleInputCallSummaries summaries)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var batchMethod = requests.BatchAlternative(method);
        if (batchMethod is not null)
        {
            Report(context, invocation, executionTypes, method.Name, string.Empty, batchMethod);
            return;
        }

        if (summaries.IsOllamaSingleEmbed(method))
        {
            Report(context, invocation, executionTypes, method.Name, string.Empty, "EmbedAsync(EmbedRequest) with every input");
            return;
        }

        if (summaries.IsAutoEmbeddedSingleUpsert(method))
        {
            Report(context, invocation, executionTypes, method.Name, " (its collection embeds the record's text with a request of its own)", "UpsertAsync(IEnumerable<TRecord>)");
            return;
        }

        if ((summaries.WrittenOutBatchSize(invocation, context.CancellationToken) ?? SingleInputCallSummaries.WrittenOutEmbeddingsOptions(invocation)) is { } size)
        {
            Report(context, invocation, executionTypes, method.Name, $" ({WrittenOut(size)})", method.Name);
            return;
        }

        if (summaries.IsSingleEmbeddingsPost(invocation, context.CancellationToken))
        {
            Report(context, invocation, executionTypes, method.Name, " (a POST of one input to an embeddings endpoint)", "one POST with every input in the request's 'input' array");
            return;
        }

        AnalyzeHelperCall(context, invocation, executionTypes, summaries);
    }

    private static void AnalyzeMethodGroup(OperationAnalysisContext context, AiRequestKinds requests, ExecutionContextTypes types, SingleInputCallSummaries summaries)
    {
        var reference = (IMethodReferenceOperation)context.Operation;
        IOperation current = reference;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is not IArgumentOperation { Parent: IInvocationOperation outer } || !ExecutionSiteFinder.IsPerItemMethod(outer.TargetMethod, types))
        {
            return;
        }

        var method = reference.Method;
        string? how;
        if (requests.BatchAlternative(method) is not null || summaries.IsOllamaSingleEmbed(method))
        {
            how = string.Empty;
        }
        else if (summaries.IsFollowable(method)
            && summaries.Find(reference, method.OriginalDefinition, context.CancellationToken) is { Kind: SingleInputCallKind.Embedding } helper)
        {
            how = $" (it makes {helper.Description} per call)";
        }
        else
        {
            // A body we cannot read (OpaqueSingleEmbed is null for a method of this compilation that has one).
            how = summaries.OpaqueSingleEmbed(method) is { } opaque ? $" ({opaque} per call)" : null;
        }

        if (how is not null)
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, reference.Syntax.GetLocation(), context.Options, null, null, null,
                method.Name, $"per item of the method group passed to '{outer.TargetMethod.Name}'" + how, requests.BatchAlternative(method) ?? "a batch form of it"));
        }
    }

    private static string WrittenOut(int size) => size == 1 ? "a batch of one written out in place" : $"a batch of {size} written out in place";

    // One method boundary: a helper of this compilation that embeds one input each time it runs.
    private static void AnalyzeHelperCall(OperationAnalysisContext context, IOperation call, ExecutionContextTypes executionTypes, SingleInputCallSummaries summaries)
    {
        if (summaries.CalleeIfRepeated(call, context.ContainingSymbol, executionTypes) is { } callee
            && summaries.Find(call, callee, context.CancellationToken) is { Kind: SingleInputCallKind.Embedding } helper)
        {
            Report(context, call, executionTypes, callee.Name, $" (it makes {helper.Description} per call)", "a batch form of it");
            return;
        }

        // A call whose body we cannot read (a package, another project, an unbound type) named and shaped like an
        // embedding of one text; Azure.AI.OpenAI 1.x options written out with one input, whose types may not bind.
        if (call is IInvalidOperation && SingleInputCallSummaries.WrittenOutEmbeddingsOptions(call) is { } size)
        {
            Report(context, call, executionTypes, "GetEmbeddingsAsync", $" ({WrittenOut(size)})", "GetEmbeddingsAsync");
        }
        else if (summaries.OpaqueSingleEmbed(call, out var name) is { } opaque)
        {
            Report(context, call, executionTypes, name, $" ({opaque} per call)", "a batch form of it");
        }
        else if (call is IInvalidOperation { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } }
            && summaries.IsSingleEmbeddingsPost(call, context.CancellationToken))
        {
            // HttpClient's PostAsJsonAsync from a package outside the build (System.Net.Http.Formatting).
            Report(context, call, executionTypes, access.Name.Identifier.ValueText, " (a POST of one input to an embeddings endpoint)", "one POST with every input in the request's 'input' array");
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation call, ExecutionContextTypes executionTypes, string name, string how, string batchMethod)
    {
        var site = PerItemSite.Find(call, context.ContainingSymbol, executionTypes);
        if (site.Kind is not (ExecutionSiteKind.Loop or ExecutionSiteKind.PerItem) || PerItemCallGuards.CannotBatch(call, null))
        {
            return;
        }

        var where = site.Kind == ExecutionSiteKind.Loop
            ? $"per iteration of a '{site.Name}' loop"
            : $"per item of the lambda passed to '{site.Name}'";
        context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, call.Syntax.GetLocation(), context.Options, null, null, null, name, where + how, batchMethod));
    }
}
