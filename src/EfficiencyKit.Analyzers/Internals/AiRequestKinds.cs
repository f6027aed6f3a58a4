namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Recognises calls that send a request to a model: chat/response generation (<see cref="ChatTargets"/>) and
/// embedding generation (OpenAI <c>EmbeddingClient</c>, Microsoft.Extensions.AI <c>IEmbeddingGenerator</c> and its
/// extensions, old and new names).
/// </summary>
internal sealed class AiRequestKinds
{
    private readonly ChatTargets _chat;
    private readonly INamedTypeSymbol? _openAIEmbeddingClient;
    private readonly INamedTypeSymbol? _embeddingGenerator;
    private readonly INamedTypeSymbol? _generatorExtensions;
    private readonly INamedTypeSymbol? _kernelExtensions;

    public AiRequestKinds(Compilation compilation)
    {
        _chat = new ChatTargets(compilation);
        _openAIEmbeddingClient = compilation.GetBestTypeByMetadataName("OpenAI.Embeddings.EmbeddingClient");
        _embeddingGenerator = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.IEmbeddingGenerator`2");
        _generatorExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.EmbeddingGeneratorExtensions");
        _kernelExtensions = compilation.GetBestTypeByMetadataName("Microsoft.SemanticKernel.Embeddings.EmbeddingGenerationExtensions");
    }

    public bool Any => _chat.Any || _openAIEmbeddingClient is not null || _embeddingGenerator is not null || _kernelExtensions is not null;

    public bool IsChat(IMethodSymbol method) => _chat.Match(method) is not null;

    public bool IsEmbedding(IMethodSymbol method)
    {
        var type = method.ContainingType.OriginalDefinition;
        if (_openAIEmbeddingClient is not null && type.InheritsFromOrEquals(_openAIEmbeddingClient))
        {
            return method.Name.StartsWith("GenerateEmbedding", StringComparison.Ordinal) && !method.Parameters.IsEmpty && method.Parameters[0].Type.Name != "BinaryContent";
        }

        if (_kernelExtensions is not null && SymbolEqualityComparer.Default.Equals(type, _kernelExtensions))
        {
            return method.Name == "GenerateEmbeddingAsync";
        }

        return method.Name is "GenerateAsync" or "GenerateVectorAsync" or "GenerateEmbeddingAsync" or "GenerateEmbeddingVectorAsync" or "GenerateAndZipAsync"
            && ((_generatorExtensions is not null && SymbolEqualityComparer.Default.Equals(type, _generatorExtensions))
                || (_embeddingGenerator is not null && type.IsOrImplements(_embeddingGenerator)));
    }

    /// <summary>Single-input embedding forms: the input is one value, not a collection.</summary>
    public bool IsSingleEmbedding(IMethodSymbol method) => BatchAlternative(method) is not null;

    /// <summary>The batch method to use instead, when <paramref name="method"/> embeds a single input; else null.</summary>
    public string? BatchAlternative(IMethodSymbol method)
    {
        var type = method.ContainingType.OriginalDefinition;
        if (_openAIEmbeddingClient is not null && type.InheritsFromOrEquals(_openAIEmbeddingClient))
        {
            return method.Name switch
            {
                "GenerateEmbedding" => "GenerateEmbeddings",
                "GenerateEmbeddingAsync" => "GenerateEmbeddingsAsync",
                _ => null,
            };
        }

        // Microsoft.Extensions.AI: the single-value extensions take TInput itself (the batch overloads take IEnumerable<TInput>).
        if (_generatorExtensions is not null
            && SymbolEqualityComparer.Default.Equals(type, _generatorExtensions)
            && method.Name is "GenerateAsync" or "GenerateVectorAsync" or "GenerateEmbeddingAsync" or "GenerateEmbeddingVectorAsync"
            && method.OriginalDefinition.Parameters.Length > 1
            && method.OriginalDefinition.Parameters[1].Type is ITypeParameterSymbol)
        {
            return "GenerateAsync(IEnumerable<TInput>)";
        }

        // Semantic Kernel (obsolete in favour of Microsoft.Extensions.AI, still common): the single-value extension.
        if (_kernelExtensions is not null && SymbolEqualityComparer.Default.Equals(type, _kernelExtensions) && method.Name == "GenerateEmbeddingAsync")
        {
            return "GenerateEmbeddingsAsync";
        }

        return null;
    }
}
