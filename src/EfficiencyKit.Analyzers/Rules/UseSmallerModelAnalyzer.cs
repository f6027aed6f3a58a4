using System.Collections.Immutable;
using System.Linq;
using EfficiencyKit.Analyzers.Internals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1202: a constant model id that the project's map (or the built-in one) says has a smaller sibling:
/// <c>new ChatClient("gpt-4o", …)</c>, <c>GetChatClient("gpt-4o")</c>, <c>new EmbeddingClient("text-embedding-3-large", …)</c>,
/// <c>GetEmbeddingClient(…)</c>, or <c>ModelId = "…"</c> on Microsoft.Extensions.AI options. Info: whether the smaller
/// model is good enough is a product decision; the diagnostic makes it a visible one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseSmallerModelAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the sibling model id the fix writes.</summary>
    public const string SiblingProperty = "Sibling";

    /// <summary>.editorconfig key: "big:small, …" pairs replacing the built-in map.</summary>
    public const string ModelMapOption = "EK1202.model_map";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.UseSmallerModel,
        "Use the smaller sibling model where it is good enough",
        "'{0}' has a smaller sibling '{1}'; use it where its quality suffices{2}",
        RuleCategories.Precision,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Energy per token grows with the number of active parameters. Smaller siblings (gpt-4o-mini, text-embedding-3-small) do most "
        + "classification, extraction, routing and embedding work at a fraction of the energy; keep the large model where evaluations show it is needed.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.UseSmallerModel));

    private static readonly ImmutableArray<string> s_clientTypes = ImmutableArray.Create("OpenAI.Chat.ChatClient", "OpenAI.Embeddings.EmbeddingClient");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var clientTypes = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in s_clientTypes)
            {
                if (compilation.GetBestTypeByMetadataName(name) is { } type)
                {
                    clientTypes.Add(type);
                }
            }

            var openAIClient = compilation.GetBestTypeByMetadataName("OpenAI.OpenAIClient");
            var azureClient = compilation.GetBestTypeByMetadataName("Azure.AI.OpenAI.AzureOpenAIClient");
            var clients = clientTypes.ToImmutable();
            var extensionsAI = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.ChatOptions") is not null;

            // Nothing to look at (and no operation trees to build) unless an AI SDK is referenced.
            if (clients.IsEmpty && openAIClient is null && !extensionsAI)
            {
                return;
            }

            compilationContext.RegisterOperationAction(c => AnalyzeCreation(c, clients), OperationKind.ObjectCreation);
            compilationContext.RegisterOperationAction(c => AnalyzeInvocation(c, openAIClient, azureClient), OperationKind.Invocation);
            compilationContext.RegisterOperationAction(AnalyzeModelIdAssignment, OperationKind.SimpleAssignment);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, ImmutableArray<INamedTypeSymbol> clients)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is INamedTypeSymbol type && clients.Any(c => SymbolEqualityComparer.Default.Equals(c, type.OriginalDefinition))
            && creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "model") is { } model)
        {
            Check(context, model.Value);
        }
    }

    // OpenAIClient.GetChatClient("gpt-4o"); not on Azure, where the argument is a deployment name, not a model id.
    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol? openAIClient, INamedTypeSymbol? azureClient)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (openAIClient is not null && invocation.TargetMethod.Name is "GetChatClient" or "GetEmbeddingClient"
            && invocation.Instance?.Type.InheritsFromOrEquals(openAIClient) == true
            && (azureClient is null || !invocation.Instance.Type.InheritsFromOrEquals(azureClient))
            && invocation.Arguments.Length > 0)
        {
            Check(context, invocation.Arguments[0].Value);
        }
    }

    // ChatOptions/EmbeddingGenerationOptions { ModelId = "gpt-4o" }, or options.ModelId = "gpt-4o".
    private static void AnalyzeModelIdAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "ModelId", ContainingType: { } type } }
            && type.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.AI")
        {
            Check(context, assignment.Value);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation value)
    {
        if (value.ConstantValue is not { HasValue: true, Value: string model })
        {
            return;
        }

        var map = ModelSiblingMap.Parse(context.Options.GetStringOption(value.Syntax.SyntaxTree, ModelMapOption));
        if (map.SiblingOf(model) is { } sibling)
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(Rule, value.Syntax.GetLocation(), context.Options, null, ImmutableDictionary<string, string?>.Empty.Add(SiblingProperty, sibling), null, model, sibling));
        }
    }
}
