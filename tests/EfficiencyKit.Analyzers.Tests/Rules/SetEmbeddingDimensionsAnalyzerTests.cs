using System.Threading.Tasks;
using EfficiencyKit.Analyzers.Rules;
using EfficiencyKit.Analyzers.Tests.Verification;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class SetEmbeddingDimensionsAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<SetEmbeddingDimensionsAnalyzer>();

    [Fact]
    public Task OpenAI_vector_sliced_to_256_dimensions()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using OpenAI.Embeddings;

                public sealed class Indexer(EmbeddingClient client)
                {
                    public float[] Embed(string text)
                    {
                        OpenAIEmbedding embedding = client.GenerateEmbedding(text);
                        return [|embedding.ToFloats().Slice(0, 256)|].ToArray();
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'Slice' keeps the first 256 dimensions of an embedding the model returned in full; request 'Dimensions = 256'")
            .ValidateAsync();

    [Fact]
    public Task Range_on_a_local_holding_the_vector_span()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Indexer(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    private const int Dimensions = 512;

                    public async Task<float[]> EmbedAsync(string text)
                    {
                        var vector = await generator.GenerateVectorAsync(text);
                        var array = vector.ToArray();
                        return [|array[..Dimensions]|];
                    }

                    public async Task<float[]> FromEmbeddingAsync(string text)
                    {
                        var embedding = await generator.GenerateAsync(text);
                        return [|embedding.Vector.Span[0..384]|].ToArray();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Take_and_AsSpan_on_the_vector_array()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Linq;
                using OpenAI.Embeddings;

                public sealed class Indexer(EmbeddingClient client)
                {
                    public float[] ViaLinq(string text) => [|client.GenerateEmbedding(text).Value.ToFloats().ToArray().Take(256)|].ToArray();

                    public float First(string text)
                    {
                        var values = client.GenerateEmbedding(text).Value.ToFloats().ToArray();
                        var head = [|values.AsSpan(0, 128)|];
                        return head[0];
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Slices_that_are_not_a_prefix_or_not_of_an_embedding_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Linq;
                using OpenAI.Embeddings;

                public sealed class Other(EmbeddingClient client)
                {
                    public void Run(string text, float[] features)
                    {
                        var vector = client.GenerateEmbedding(text).Value.ToFloats();
                        var tail = vector.Slice(256, 256);
                        var last = vector.Span[^1];
                        var rest = vector.Span[1..];
                        var fromEnd = vector.ToArray()[..^10];
                        var plain = features[..256];
                        var taken = features.Take(10).ToArray();
                        Console.WriteLine(tail.Length + last + rest.Length + fromEnd.Length + plain.Length + taken.Length);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Requesting_dimensions_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Indexer(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public async Task<float[]> EmbedAsync(string text)
                    {
                        var embedding = await generator.GenerateAsync(text, new EmbeddingGenerationOptions { Dimensions = 256 });
                        return embedding.Vector.ToArray();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Projects_without_AI_libraries_are_not_analysed()
        => CreateProjectBuilder()
            .WithoutReference("OpenAI")
            .WithoutReference("Microsoft.Extensions.AI.Abstractions")
            .WithSourceCode("""
                public static class Plain
                {
                    public static float[] Head(float[] values) => values[..16];
                }
                """)
            .ValidateAsync();
}
