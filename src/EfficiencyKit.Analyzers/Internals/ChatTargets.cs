using System.Linq;
using Microsoft.CodeAnalysis;

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

    public ChatTargets(Compilation compilation)
    {
        _chatClientInterface = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.IChatClient");
        _chatOptions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.ChatOptions");
        _openAIChatClient = compilation.GetBestTypeByMetadataName("OpenAI.Chat.ChatClient");
        _chatCompletionOptions = compilation.GetBestTypeByMetadataName("OpenAI.Chat.ChatCompletionOptions");
        _responsesClient = compilation.GetBestTypeByMetadataName("OpenAI.Responses.ResponsesClient");
        _createResponseOptions = compilation.GetBestTypeByMetadataName("OpenAI.Responses.CreateResponseOptions");
    }

    public bool Any => (_chatClientInterface is not null && _chatOptions is not null) || (_openAIChatClient is not null && _chatCompletionOptions is not null) || (_responsesClient is not null && _createResponseOptions is not null);

    /// <summary>Whether <paramref name="type"/> implements a chat client itself (a delegating wrapper, an adapter).</summary>
    public bool IsClientImplementation(INamedTypeSymbol type)
        => (_chatClientInterface is not null && type.IsOrImplements(_chatClientInterface))
            || (_openAIChatClient is not null && type.InheritsFromOrEquals(_openAIChatClient))
            || (_responsesClient is not null && type.InheritsFromOrEquals(_responsesClient));

    public ChatTarget? Match(IMethodSymbol method)
    {
        var type = method.ContainingType.OriginalDefinition;

        // Protocol methods (BinaryContent in, ClientResult out) carry raw JSON; the cap is in the payload.
        if (method.Parameters.Any(p => p.Type.Name == "BinaryContent"))
        {
            return null;
        }

        if (_chatOptions is not null && _chatClientInterface is not null && method.Name is "GetResponseAsync" or "GetStreamingResponseAsync" or "CompleteAsync" or "CompleteStreamingAsync"
            && (type.IsOrImplements(_chatClientInterface) || (method.IsExtensionMethod && method.Parameters.Length > 0 && method.Parameters[0].Type.OriginalDefinition.IsOrImplements(_chatClientInterface))))
        {
            return new ChatTarget(_chatOptions, "MaxOutputTokens", isExtensionsAI: true);
        }

        if (_openAIChatClient is not null && _chatCompletionOptions is not null && method.Name.StartsWith("CompleteChat", System.StringComparison.Ordinal) && type.InheritsFromOrEquals(_openAIChatClient))
        {
            return new ChatTarget(_chatCompletionOptions, "MaxOutputTokenCount", isExtensionsAI: false);
        }

        if (_responsesClient is not null && _createResponseOptions is not null && method.Name.StartsWith("CreateResponse", System.StringComparison.Ordinal) && type.InheritsFromOrEquals(_responsesClient))
        {
            return new ChatTarget(_createResponseOptions, "MaxOutputTokenCount", isExtensionsAI: false);
        }

        return null;
    }
}
