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

    [Fact]
    public Task AsMemory_prefix_of_the_vector_array()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using OpenAI.Embeddings;

                public sealed class Indexer(EmbeddingClient client)
                {
                    public ReadOnlyMemory<float> Embed(string text)
                    {
                        float[] values = client.GenerateEmbedding(text).Value.ToFloats().ToArray();
                        return [|values.AsMemory(0, 64)|];
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'AsMemory' keeps the first 64 dimensions")
            .ValidateAsync();

    [Fact]
    public Task Constant_dimension_count_is_named_in_the_message()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Indexer(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    private const int StoredDimensions = 256;

                    public async Task<ReadOnlyMemory<float>> EmbedAsync(string text)
                        => [|(await generator.GenerateVectorAsync(text)).Slice(0, StoredDimensions)|];
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "keeps the first StoredDimensions dimensions of an embedding the model returned in full; request 'Dimensions = StoredDimensions'")
            .ValidateAsync();

    [Fact]
    public Task A_reassigned_local_is_judged_by_its_declaration_only_when_it_came_from_an_embedding()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using OpenAI.Embeddings;

                public sealed class Mixed(EmbeddingClient client)
                {
                    public float[] Head(string text, float[] features)
                    {
                        var fromFeatures = features;
                        var fromModel = client.GenerateEmbedding(text).Value.ToFloats().ToArray();
                        return [.. fromFeatures[..8], .. [|fromModel[..8]|]];
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Inside_a_lambda()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using OpenAI.Embeddings;

                public sealed class Batch(EmbeddingClient client)
                {
                    public List<float[]> Embed(IEnumerable<string> texts)
                        => client.GenerateEmbeddings(texts).Value.Select(e => [|e.ToFloats().Slice(0, 128)|].ToArray()).ToList();
                }
                """)
            .ValidateAsync();
}
