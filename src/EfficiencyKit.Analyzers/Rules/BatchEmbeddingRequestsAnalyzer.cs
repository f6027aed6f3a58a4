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
            var openAIEmbeddingClient = compilationContext.Compilation.GetBestTypeByMetadataName("OpenAI.Embeddings.EmbeddingClient");
            var generatorExtensions = compilationContext.Compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.EmbeddingGeneratorExtensions");
            var kernelExtensions = compilationContext.Compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.Embeddings.EmbeddingGenerationExtensions");
            if (openAIEmbeddingClient is null && generatorExtensions is null && kernelExtensions is null)
            {
                return;
            }

            var executionTypes = new ExecutionContextTypes(compilationContext.Compilation);
            compilationContext.RegisterOperationAction(
                operationContext => Analyze(operationContext, openAIEmbeddingClient, generatorExtensions, kernelExtensions, executionTypes),
                OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? openAIEmbeddingClient, INamedTypeSymbol? generatorExtensions, INamedTypeSymbol? kernelExtensions, ExecutionContextTypes executionTypes)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var batchMethod = BatchAlternative(invocation.TargetMethod, openAIEmbeddingClient, generatorExtensions, kernelExtensions);
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

    /// <summary>The batch method to use instead, when <paramref name="method"/> embeds a single input; else null.</summary>
    private static string? BatchAlternative(IMethodSymbol method, INamedTypeSymbol? openAIEmbeddingClient, INamedTypeSymbol? generatorExtensions, INamedTypeSymbol? kernelExtensions)
    {
        var type = method.ContainingType.OriginalDefinition;
        if (openAIEmbeddingClient is not null && type.InheritsFromOrEquals(openAIEmbeddingClient))
        {
            return method.Name switch
            {
                "GenerateEmbedding" => "GenerateEmbeddings",
                "GenerateEmbeddingAsync" => "GenerateEmbeddingsAsync",
                _ => null,
            };
        }

        // Microsoft.Extensions.AI: the single-value extensions take TInput itself (the batch overloads take IEnumerable<TInput>).
        if (generatorExtensions is not null
            && SymbolEqualityComparer.Default.Equals(type, generatorExtensions)
            && method.Name is "GenerateAsync" or "GenerateVectorAsync" or "GenerateEmbeddingAsync" or "GenerateEmbeddingVectorAsync"
            && method.OriginalDefinition.Parameters.Length > 1
            && method.OriginalDefinition.Parameters[1].Type is ITypeParameterSymbol)
        {
            return "GenerateAsync(IEnumerable<TInput>)";
        }

        // Semantic Kernel (obsolete in favour of Microsoft.Extensions.AI, still common): the single-value extension.
        if (kernelExtensions is not null && SymbolEqualityComparer.Default.Equals(type, kernelExtensions) && method.Name == "GenerateEmbeddingAsync")
        {
            return "GenerateEmbeddingsAsync";
        }

        return null;
    }
}
