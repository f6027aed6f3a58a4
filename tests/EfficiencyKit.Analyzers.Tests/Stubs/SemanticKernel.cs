// Stand-in for Semantic Kernel (not in our registry): the embedding-generation surface of
// Microsoft.SemanticKernel.Abstractions 1.x that EK1101/EK1401/EK1402 match, with the real names and signatures.
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Microsoft.SemanticKernel
{
    public sealed class Kernel
    {
        public Kernel Clone() => this;
    }
}

namespace Microsoft.SemanticKernel.Embeddings
{
    public interface IEmbeddingGenerationService<TValue, TEmbedding>
        where TEmbedding : unmanaged
    {
        Task<IList<ReadOnlyMemory<TEmbedding>>> GenerateEmbeddingsAsync(IList<TValue> data, Kernel? kernel = null, CancellationToken cancellationToken = default);
    }

    public interface ITextEmbeddingGenerationService : IEmbeddingGenerationService<string, float>
    {
    }

    public static class EmbeddingGenerationExtensions
    {
        public static async Task<ReadOnlyMemory<TEmbedding>> GenerateEmbeddingAsync<TValue, TEmbedding>(
            this IEmbeddingGenerationService<TValue, TEmbedding> generator, TValue value, Kernel? kernel = null, CancellationToken cancellationToken = default)
            where TEmbedding : unmanaged
            => (await generator.GenerateEmbeddingsAsync(new[] { value }, kernel, cancellationToken).ConfigureAwait(false))[0];
    }
}
