using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EfficiencyKit.Analyzers.Rules;

/// <summary>
/// EK1302: a reasoning effort of High (OpenAI <c>ChatCompletionOptions.ReasoningEffortLevel</c>,
/// <c>ResponseReasoningOptions.ReasoningEffortLevel</c>; Microsoft.Extensions.AI <c>ReasoningOptions.Effort</c>).
/// High effort lets the model spend many more hidden reasoning tokens, all computed and billed as output. Also a
/// reasoning model (<see cref="ReasoningModelsOption"/>) chosen by a constant id in a type that never sets an effort:
/// every call then runs at the provider's default (medium for OpenAI), where many tasks need only low.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AvoidHighReasoningEffortAnalyzer : DiagnosticAnalyzer
{
    /// <summary>.editorconfig key: the model id prefixes that reason, comma-separated (the format of EK1301.reasoning_models).</summary>
    public const string ReasoningModelsOption = "EK1302.reasoning_models";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.AvoidHighReasoningEffort,
        "Use a lower reasoning effort where it is enough",
        "{0} where it is enough{1}",
        RuleCategories.Generation,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        "Reasoning tokens are generated like output tokens but not returned; High effort multiplies them. Most extraction, classification "
        + "and short-answer tasks need Low; keep High for the requests that evaluations show need it.",
        RuleIdentifiers.GetHelpUri(RuleIdentifiers.AvoidHighReasoningEffort));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            // Nothing to look at (and no operation trees to build) unless an AI SDK is referenced.
            var openAIClient = compilationContext.Compilation.GetBestTypeByMetadataName("OpenAI.OpenAIClient");
            var azureClient = compilationContext.Compilation.GetBestTypeByMetadataName("Azure.AI.OpenAI.AzureOpenAIClient");
            var chatClient = compilationContext.Compilation.GetBestTypeByMetadataName("OpenAI.Chat.ChatClient");
            if (openAIClient is null && chatClient is null && compilationContext.Compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.ChatOptions") is null)
            {
                return;
            }

            compilationContext.RegisterOperationAction(Analyze, OperationKind.SimpleAssignment);
            compilationContext.RegisterOperationAction(c => AnalyzeModelChoice(c, openAIClient, azureClient, chatClient), OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment);
        });
    }

    // GetChatClient("o3"), new ChatClient("o3", …), ChatOptions { ModelId = "o3" }; not Azure, whose argument is a deployment
    // name. Chat-tuned variants (gpt-5-chat-latest) do not reason.
    private static void AnalyzeModelChoice(OperationAnalysisContext context, INamedTypeSymbol? openAIClient, INamedTypeSymbol? azureClient, INamedTypeSymbol? chatClient)
    {
        var model = context.Operation switch
        {
            IInvocationOperation { TargetMethod.Name: "GetChatClient", Instance.Type: { } type, Arguments.Length: > 0 } invocation
                when type.InheritsFromOrEquals(openAIClient) && (azureClient is null || !type.InheritsFromOrEquals(azureClient)) => invocation.Arguments[0].Value,
            IObjectCreationOperation { Type: { } type } creation when chatClient is not null && SymbolEqualityComparer.Default.Equals(type, chatClient)
                => creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "model")?.Value,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "ModelId", ContainingType.Name: "ChatOptions" } property } } assignment
                when property.ContainingType.ContainingNamespace.IsNamespace("Microsoft.Extensions.AI") => assignment.Value,
            _ => null,
        };
        if (model?.ConstantValue is not { HasValue: true, Value: string id }
            || id.IndexOf("-chat", StringComparison.OrdinalIgnoreCase) >= 0
            || !BoundGenerationOutputAnalyzer.IsReasoningModel(id, context.Options.GetStringOption(model.Syntax.SyntaxTree, ReasoningModelsOption) ?? BoundGenerationOutputAnalyzer.DefaultReasoningModels)
            || SetsReasoningEffort(context.ContainingSymbol.ContainingType ?? context.ContainingSymbol as INamedTypeSymbol, context.CancellationToken))
        {
            return;
        }

        var owner = context.ContainingSymbol.ContainingType?.Name ?? context.ContainingSymbol.Name;
        context.ReportDiagnostic(ProfiledDiagnostic.Create(
            Rule, model.Syntax.GetLocation(), context.Options, null, null, null,
            $"'{id}' is a reasoning model and nothing in '{owner}' sets its reasoning effort, so every call runs at the provider's default (medium); set Low"));
    }

    /// <summary>
    /// Whether any part of the type mentions an effort setting. Syntax only: options are often built in another method
    /// of the same service than the client, and other trees' semantic models are off limits to an analyzer.
    /// </summary>
    private static bool SetsReasoningEffort(INamedTypeSymbol? type, CancellationToken cancellationToken)
        => type is null || type.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(cancellationToken).DescendantNodes()
            .OfType<IdentifierNameSyntax>()
            .Any(name => name.Identifier.ValueText is "ReasoningEffortLevel" or "ReasoningEffort" or "Effort" or "ReasoningOptions" or "Reasoning"));

    // Semantic Kernel: OpenAIPromptExecutionSettings { ReasoningEffort = "high" } (an object-typed property that takes the
    // string or ChatReasoningEffortLevel.High), also when the connector's settings type does not bind
    // (AzureOpenAIPromptExecutionSettings without its package): then only the initializer's syntax is read.
    private static bool IsKernelHighEffort(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Value.WalkDownImplicitConversions().ConstantValue is not { HasValue: true, Value: string effort }
            || !string.Equals(effort, "high", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return assignment.Target switch
        {
            IPropertyReferenceOperation { Property: { Name: "ReasoningEffort", ContainingType: { } owner } } => owner.Name.EndsWith("PromptExecutionSettings", StringComparison.Ordinal),
            IInvalidOperation { Syntax: IdentifierNameSyntax { Identifier.ValueText: "ReasoningEffort" } } invalid
                => invalid.Syntax.Parent?.Parent?.Parent is ObjectCreationExpressionSyntax { Type: var type } && type.ToString().EndsWith("PromptExecutionSettings", StringComparison.Ordinal),
            _ => false,
        };
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (IsKernelHighEffort(assignment))
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(
                Rule, assignment.Value.Syntax.GetLocation(), context.Options, null, null, null,
                "Reasoning effort 'high' in the execution settings lets the model spend many hidden reasoning tokens on every call; use \"low\" or \"medium\""));
            return;
        }

        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "ReasoningEffortLevel" or "Effort" or "ReasoningEffort", ContainingType: { } owner } }
            || owner.ContainingNamespace?.ToDisplayString() is not ("OpenAI.Chat" or "OpenAI.Responses" or "Microsoft.Extensions.AI" or "Microsoft.SemanticKernel.Connectors.OpenAI"))
        {
            return;
        }

        var value = assignment.Value.WalkDownImplicitConversions();
        var name = value switch
        {
            IPropertyReferenceOperation { Property.IsStatic: true } property => property.Property.Name,
            IFieldReferenceOperation { Field.IsStatic: true } field => field.Field.Name,
            _ => null,
        };
        if (name is "High" or "ExtraHigh" or "XHigh")
        {
            context.ReportDiagnostic(ProfiledDiagnostic.Create(
                Rule, value.Syntax.GetLocation(), context.Options, null, null, null,
                $"Reasoning effort '{name}' lets the model spend many hidden reasoning tokens on every call; use Low or Medium"));
        }
    }
}
