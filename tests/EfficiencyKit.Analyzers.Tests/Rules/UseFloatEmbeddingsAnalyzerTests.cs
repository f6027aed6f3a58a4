namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class UseFloatEmbeddingsAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<UseFloatEmbeddingsAnalyzer>();

    [Fact]
    public Task Vector_widened_with_Select()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Linq;
                using OpenAI.Embeddings;

                public sealed class Store(EmbeddingClient client)
                {
                    public double[] Embed(string text)
                        => [|client.GenerateEmbedding(text).Value.ToFloats().ToArray().Select(x => (double)x)|].ToArray();
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'Select' holds embedding vectors as 64-bit doubles")
            .ValidateAsync();

    [Fact]
    public Task Vector_widened_with_Cast_and_ConvertAll()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Store(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public async Task<double[]> CastAsync(string text)
                    {
                        var embedding = await generator.GenerateAsync(text);
                        return [|embedding.Vector.ToArray().Cast<double>()|].ToArray();
                    }

                    public async Task<double[]> ConvertAsync(string text)
                    {
                        var vector = (await generator.GenerateVectorAsync(text)).ToArray();
                        return [|Array.ConvertAll(vector, v => (double)v)|];
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Double_generator_field_and_creation()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;

                public sealed class Store
                {
                    private readonly IEmbeddingGenerator<string, [|Embedding<double>|]> _generator;

                    public Store(IEmbeddingGenerator<string, Embedding<double>> generator) => _generator = generator;

                    public Embedding<double> Zero(int dimensions) => new [|Embedding<double>|](new double[dimensions]);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Primary_constructor_parameter_is_reported_once()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Store(IEmbeddingGenerator<string, [|Embedding<double>|]> generator)
                {
                    public async Task<Embedding<double>> EmbedAsync(string text) => await generator.GenerateAsync(text);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Float_vectors_and_unrelated_doubles_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Linq;
                using Microsoft.Extensions.AI;
                using OpenAI.Embeddings;

                public sealed class Fine(EmbeddingClient client, IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public float[] Embed(string text) => client.GenerateEmbedding(text).Value.ToFloats().ToArray();

                    public double[] Prices(float[] prices) => prices.Select(p => (double)p).ToArray();

                    public float[] Scaled(string text) => client.GenerateEmbedding(text).Value.ToFloats().ToArray().Select(x => x * 2f).ToArray();
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Vector_held_in_a_local_then_widened()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Store(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public async Task<double[]> EmbedAsync(string text)
                    {
                        var vector = (await generator.GenerateVectorAsync(text)).ToArray();
                        return [|vector.Select(v => (double)v)|].ToArray();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Locals_and_ordinary_constructor_parameters_follow_from_the_choice_and_are_not_repeated()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;

                public sealed class Store
                {
                    public Store(IEmbeddingGenerator<string, Embedding<double>> generator)
                    {
                        IEmbeddingGenerator<string, Embedding<double>> local = generator;
                        System.GC.KeepAlive(local);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Casting_values_that_are_not_embeddings_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Linq;

                public static class Metrics
                {
                    public static double[] Latencies(float[] millis) => millis.Cast<double>().ToArray();
                    public static double[] Converted(float[] values) => Array.ConvertAll(values, v => (double)v);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Projects_without_AI_libraries_are_not_analysed()
        => CreateProjectBuilder()
            .WithoutReference("OpenAI")
            .WithoutReference("Microsoft.Extensions.AI.Abstractions")
            .WithSourceCode("""
                using System.Linq;

                public static class Plain
                {
                    public static double[] Widen(float[] values) => values.Select(v => (double)v).ToArray();
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Embedding_of_float_and_Half_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.Extensions.AI;

                public sealed class Store(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator = generator;

                    public Embedding<Half> Compact(int dimensions) => new Embedding<Half>(new Half[dimensions]);
                }
                """)
            .ValidateAsync();
    [Fact]
    public Task Data_types_that_receive_or_store_vectors_as_doubles_are_reported_without_an_AI_library()
        => CreateProjectBuilder()
            .WithoutReference("OpenAI")
            .WithoutReference("Microsoft.Extensions.AI.Abstractions")
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Text.Json.Serialization;

                // What a hand-written Ollama or OpenAI client deserialises /api/embed or /v1/embeddings into.
                public sealed class OllamaEmbedResponse
                {
                    public string? Model { get; set; }

                    public List<double[]> [|Embeddings|] { get; set; } = [];
                }

                public sealed class EmbeddingItem
                {
                    [JsonPropertyName("embedding")]
                    public double[] [|Values|] { get; set; } = [];

                    public int Index { get; set; }
                }

                public sealed class StoredChunk
                {
                    public string Text = "";
                    public IReadOnlyList<double> [|_embedding|] = [];
                }

                public sealed record Chunk(string Text, double[] [|Embedding|]);
                """)
            .ShouldReport(DiagnosticSeverity.Info, "holds embedding vectors as 64-bit doubles")
            .ValidateAsync();

    [Fact]
    public Task Float_vectors_scores_and_other_double_data_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Text.Json.Serialization;
                using Microsoft.Extensions.AI;

                public sealed class EmbeddingResponse
                {
                    public List<float[]> Embeddings { get; set; } = [];
                    public ReadOnlyMemory<float> Embedding { get; set; }
                    public Embedding<float>? Generated { get; set; }
                    public double Embedding_Score { get; set; }
                }

                public sealed class SearchHit
                {
                    [JsonPropertyName("score")]
                    public double Score { get; set; }
                    public double[] Coordinates { get; set; } = [];
                    public double Embeddings { get; set; }
                }
                """)
            .ValidateAsync();
    [Fact]
    public Task The_message_names_the_member_and_its_type()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;

                public sealed class OllamaEmbedResponse
                {
                    public List<double[]> [|Embeddings|] { get; set; } = [];
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'Embeddings' (List<double[]>) holds embedding vectors as 64-bit doubles")
            .ValidateAsync();
}
