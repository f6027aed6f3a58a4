namespace EfficiencyKit.Analyzers.Internals;

/// <summary>The generation APIs EK1301 checks, and which options type and cap property each takes.</summary>
internal sealed class ChatTargets
{
    private readonly INamedTypeSymbol? _chatClientInterface;
    private readonly INamedTypeSymbol? _chatOptions;
    private readonly INamedTypeSymbol? _openAIChatClient;
    private readonly INamedTypeSymbol? _chatCompletionOptions;
    private readonly INamedTypeSymbol? _responsesClient;
    private readonly INamedTypeSymbol? _createResponseOptions;
    private readonly INamedTypeSymbol? _kernel;
    private readonly INamedTypeSymbol? _kernelArguments;
    private readonly INamedTypeSymbol? _kernelFunction;
    private readonly INamedTypeSymbol? _chatCompletionService;
    private readonly INamedTypeSymbol? _promptExecutionSettings;

    public ChatTargets(Compilation compilation)
    {
        _chatClientInterface = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.IChatClient");
        _chatOptions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.ChatOptions");
        _openAIChatClient = compilation.GetBestTypeByMetadataName("OpenAI.Chat.ChatClient");
        _chatCompletionOptions = compilation.GetBestTypeByMetadataName("OpenAI.Chat.ChatCompletionOptions");
        _responsesClient = compilation.GetBestTypeByMetadataName("OpenAI.Responses.ResponsesClient");
        _createResponseOptions = compilation.GetBestTypeByMetadataName("OpenAI.Responses.CreateResponseOptions");
        _kernel = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.Kernel");
        _kernelArguments = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.KernelArguments");
        _kernelFunction = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.KernelFunction");
        _chatCompletionService = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService");
        _promptExecutionSettings = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.PromptExecutionSettings");
    }

    public bool Any => (_chatClientInterface is not null && _chatOptions is not null) || (_openAIChatClient is not null && _chatCompletionOptions is not null) || (_responsesClient is not null && _createResponseOptions is not null)
        || (_kernelArguments is not null && _promptExecutionSettings is not null);

    /// <summary>Whether <paramref name="type"/> implements a chat client itself (a delegating wrapper, an adapter).</summary>
    public bool IsClientImplementation(INamedTypeSymbol type)
        => (_chatClientInterface is not null && type.IsOrImplements(_chatClientInterface))
            || (_openAIChatClient is not null && type.InheritsFromOrEquals(_openAIChatClient))
            || (_responsesClient is not null && type.InheritsFromOrEquals(_responsesClient))
            || (_chatCompletionService is not null && type.IsOrImplements(_chatCompletionService))
            || (_kernelFunction is not null && type.InheritsFromOrEquals(_kernelFunction));

    public ChatTarget? Match(IMethodSymbol method)
    {
        var type = method.ContainingType.OriginalDefinition;

        // Protocol methods (BinaryContent in, ClientResult out) carry raw JSON; the cap is in the payload.
        if (method.Parameters.Any(p => p.Type.Name == "BinaryContent"))
        {
            return null;
        }

        // A project's own extension method named like the library's is a helper, judged at its own chat call inside.
        var libraryExtension = method.IsExtensionMethod && method.Parameters.Length > 0 && !method.Locations.Any(l => l.IsInSource);
        if (_chatOptions is not null && _chatClientInterface is not null && method.Name is "GetResponseAsync" or "GetStreamingResponseAsync" or "CompleteAsync" or "CompleteStreamingAsync"
            && (type.IsOrImplements(_chatClientInterface) || (libraryExtension && method.Parameters[0].Type.OriginalDefinition.IsOrImplements(_chatClientInterface))))
        {
            return new ChatTarget(_chatOptions, "MaxOutputTokens", isExtensionsAI: true);
        }

        if (_openAIChatClient is not null && _chatCompletionOptions is not null && method.Name.StartsWith("CompleteChat", StringComparison.Ordinal) && type.InheritsFromOrEquals(_openAIChatClient))
        {
            return new ChatTarget(_chatCompletionOptions, "MaxOutputTokenCount", isExtensionsAI: false);
        }

        if (_responsesClient is not null && _createResponseOptions is not null && method.Name.StartsWith("CreateResponse", StringComparison.Ordinal) && type.InheritsFromOrEquals(_responsesClient))
        {
            return new ChatTarget(_createResponseOptions, "MaxOutputTokenCount", isExtensionsAI: false);
        }

        if (_promptExecutionSettings is not null && method.Name is "GetChatMessageContentsAsync" or "GetChatMessageContentAsync" or "GetStreamingChatMessageContentsAsync" or "GetTextContentsAsync" or "GetTextContentAsync" or "GetStreamingTextContentsAsync"
            && method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, _promptExecutionSettings))
            && (type.ContainingNamespace?.ToDisplayString() is "Microsoft.SemanticKernel.ChatCompletion" or "Microsoft.SemanticKernel.TextGeneration" || (_chatCompletionService is not null && type.IsOrImplements(_chatCompletionService))))
        {
            return new ChatTarget(_promptExecutionSettings, "MaxTokens", isExtensionsAI: false);
        }

        if (_kernelArguments is null || !method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, _kernelArguments)))
        {
            return null;
        }

        if (method.Name is "InvokePromptAsync" or "InvokePromptStreamingAsync" && libraryExtension && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, _kernel))
        {
            return new ChatTarget(_kernelArguments, "MaxTokens", isExtensionsAI: false, ChatTargetKind.KernelPrompt);
        }

        // kernel.InvokeAsync(function, …) and function.InvokeAsync(kernel, …); not InvokeAsync(pluginName, functionName),
        // whose function we cannot see.
        if (method.Name is "InvokeAsync" or "InvokeStreamingAsync" && _kernelFunction is not null
            && (type.InheritsFromOrEquals(_kernelFunction) || (SymbolEqualityComparer.Default.Equals(type, _kernel) && method.Parameters.Any(p => p.Type.InheritsFromOrEquals(_kernelFunction)))))
        {
            return new ChatTarget(_kernelArguments, "MaxTokens", isExtensionsAI: false, ChatTargetKind.KernelFunction);
        }

        return null;
    }

    /// <summary>The function a Semantic Kernel invoke call runs: the receiver of function.InvokeAsync, or the KernelFunction argument.</summary>
    public IOperation? KernelFunctionOperand(Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation)
        => _kernelFunction is not null && invocation.TargetMethod.ContainingType.InheritsFromOrEquals(_kernelFunction)
            ? invocation.Instance
            : invocation.Arguments.FirstOrDefault(a => a.Parameter?.Type.InheritsFromOrEquals(_kernelFunction) == true)?.Value;
}
