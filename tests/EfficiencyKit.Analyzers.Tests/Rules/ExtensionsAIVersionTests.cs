namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>
/// Users are on several Microsoft.Extensions.AI.Abstractions versions; the embedding rules must recognise each one's
/// names. 9.5.0 (the oldest release our registry serves) and 11.0.0 both name the single-input extensions
/// <c>GenerateAsync</c> and <c>GenerateVectorAsync</c>; the 9.0–9.4 previews named them <c>GenerateEmbeddingAsync</c>
/// and <c>GenerateEmbeddingVectorAsync</c>.
/// </summary>
public sealed class ExtensionsAIVersionTests
{
    private const string OlderAbstractions = "Microsoft.Extensions.AI.Abstractions/9.5.0";

    private const string EmbedEveryLine = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public static class LineEmbedder
        {
            public static async Task<List<ReadOnlyMemory<float>>> EmbedLinesAsync(IEmbeddingGenerator<string, Embedding<float>> generator, TextReader reader)
            {
                var vectors = new List<ReadOnlyMemory<float>>();
                string? line;
                while ((line = await reader.ReadLineAsync()) is not null)
                {
                    vectors.Add(await [|generator.GenerateVectorAsync(line)|]);
                    var embedding = await [|generator.GenerateAsync(line)|];
                    vectors.Add(embedding.Vector);
                }

                return vectors;
            }
        }
        """;

    /// <summary>A project on <paramref name="abstractions"/>: the current package, or only the older one.</summary>
    private static ProjectBuilder On(string abstractions, ProjectBuilder builder)
        => abstractions == "11.0.0"
            ? builder
            : builder
                .WithoutReference("Microsoft.Extensions.AI.Abstractions")
                .WithoutReference("Microsoft.Extensions.AI")
                .WithReference(TestReferences.Older(OlderAbstractions));

    [Theory]
    [InlineData("11.0.0")]
    [InlineData("9.5.0")]
    public Task Single_input_embeddings_in_a_loop_are_reported_on_each_version(string abstractions)
        => On(abstractions, new ProjectBuilder().WithAnalyzer<BatchEmbeddingRequestsAnalyzer>())
            .WithSourceCode(EmbedEveryLine)
            .ShouldReport(DiagnosticSeverity.Warning, "per iteration of a 'while' loop; collect the inputs and call 'GenerateAsync(IEnumerable<TInput>)' once")
            .ValidateAsync();

    [Theory]
    [InlineData("11.0.0")]
    [InlineData("9.5.0")]
    public Task Same_query_embedded_twice_is_reported_on_each_version(string abstractions)
        => On(abstractions, new ProjectBuilder().WithAnalyzer<CacheRepeatedRequestsAnalyzer>())
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Search(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public async Task<float> ScoreAsync(string query, float[] document)
                    {
                        var forRanking = await generator.GenerateVectorAsync(query);
                        var forLogging = await {|EK1402:generator.GenerateVectorAsync(query)|};
                        return forRanking.Span[0] * document[0] + forLogging.Length;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'GenerateVectorAsync' embeds 'query' again: this method already embedded the same input at line 8")
            .ValidateAsync();

    [Fact]
    public Task Preview_names_GenerateEmbeddingAsync_and_GenerateEmbeddingVectorAsync_are_reported()
        => new ProjectBuilder()
            .WithAnalyzer<BatchEmbeddingRequestsAnalyzer>()
            .WithoutReference("Microsoft.Extensions.AI.Abstractions")
            .WithoutReference("Microsoft.Extensions.AI")
            .WithReference(TestReferences.Older(OlderAbstractions))
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Indexer
                {
                    public static async Task<List<ReadOnlyMemory<float>>> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IEnumerable<string> documents)
                    {
                        var vectors = new List<ReadOnlyMemory<float>>();
                        foreach (var document in documents)
                        {
                            vectors.Add(await [|generator.GenerateEmbeddingVectorAsync(document)|]);
                            vectors.Add((await [|generator.GenerateEmbeddingAsync(document)|]).Vector);
                        }

                        return vectors;
                    }
                }
                """)
            // The 9.0-9.4 previews' extension class, as its users compile against it; no served version has these names.
            .WithSourceCode("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                namespace Microsoft.Extensions.AI;

                public static class EmbeddingGeneratorExtensions
                {
                    public static async Task<TEmbedding> GenerateEmbeddingAsync<TInput, TEmbedding>(this IEmbeddingGenerator<TInput, TEmbedding> generator, TInput value, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
                        where TEmbedding : Embedding
                        => (await generator.GenerateAsync([value], options, cancellationToken))[0];

                    public static async Task<ReadOnlyMemory<TEmbeddingElement>> GenerateEmbeddingVectorAsync<TInput, TEmbeddingElement>(this IEmbeddingGenerator<TInput, Embedding<TEmbeddingElement>> generator, TInput value, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
                        => (await generator.GenerateEmbeddingAsync(value, options, cancellationToken)).Vector;
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per iteration of a 'foreach' loop; collect the inputs and call 'GenerateAsync(IEnumerable<TInput>)' once")
            .ValidateAsync();
}
