namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// Tells whether a value is an embedding vector returned by a model: OpenAI <c>OpenAIEmbedding.ToFloats()</c>,
/// Microsoft.Extensions.AI <c>Embedding&lt;T&gt;.Vector</c> and awaited <c>GenerateVectorAsync</c>, their
/// <c>.Span</c> and <c>.ToArray()</c>, or a local initialised from one of those in the same method.
/// </summary>
internal sealed class EmbeddingVectorOrigin
{
    private readonly INamedTypeSymbol? _openAIEmbedding;
    private readonly INamedTypeSymbol? _embedding;
    private readonly INamedTypeSymbol? _generatorExtensions;

    public EmbeddingVectorOrigin(Compilation compilation)
    {
        _openAIEmbedding = compilation.GetBestTypeByMetadataName("OpenAI.Embeddings.OpenAIEmbedding");
        _embedding = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.Embedding`1");
        _generatorExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.AI.EmbeddingGeneratorExtensions");
    }

    public bool Any => _openAIEmbedding is not null || _embedding is not null;

    public bool IsEmbeddingVector(IOperation? operation, CancellationToken cancellationToken, int depth = 0)
    {
        if (operation is null || depth > 4)
        {
            return false;
        }

        switch (operation.WalkDownImplicitConversions())
        {
            case IInvocationOperation { TargetMethod.Name: "ToFloats" } toFloats:
                return SymbolEqualityComparer.Default.Equals(toFloats.TargetMethod.ContainingType, _openAIEmbedding);
            case IPropertyReferenceOperation { Property.Name: "Vector" } vector:
                return SymbolEqualityComparer.Default.Equals(vector.Property.ContainingType.OriginalDefinition, _embedding);
            case IAwaitOperation { Operation: IInvocationOperation { TargetMethod.Name: "GenerateVectorAsync" or "GenerateEmbeddingVectorAsync" } generate }:
                return SymbolEqualityComparer.Default.Equals(generate.TargetMethod.ContainingType, _generatorExtensions);
            case IPropertyReferenceOperation { Property.Name: "Span", Instance: { } instance }:
                return IsEmbeddingVector(instance, cancellationToken, depth + 1);
            case IInvocationOperation { TargetMethod.Name: "ToArray", Instance: { } instance }:
                return IsEmbeddingVector(instance, cancellationToken, depth + 1);
            case IInvocationOperation { TargetMethod: { Name: "ToArray", IsExtensionMethod: true } } extension when extension.Arguments.Length == 1:
                return IsEmbeddingVector(extension.Arguments[0].Value, cancellationToken, depth + 1);
            case ILocalReferenceOperation local:
                return IsEmbeddingVector(local.Local.DeclaredInitializer(local, cancellationToken), cancellationToken, depth + 1);
            default:
                return false;
        }
    }
}
