namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class BatchEmbeddingRequestsFixerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<BatchEmbeddingRequestsAnalyzer>()
        .WithCodeFixProvider<BatchEmbeddingRequestsFixer>();

    [Fact]
    public Task OpenAI_sync_loop_over_a_list_embeds_in_chunks_before_the_loop()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using OpenAI.Embeddings;

                public sealed record Ticket(string Id, string Text);

                public static class Indexer
                {
                    public static Dictionary<string, float[]> Embed(EmbeddingClient client, List<Ticket> tickets)
                    {
                        var vectors = new Dictionary<string, float[]>();
                        foreach (var ticket in tickets)
                        {
                            var embedding = [|client.GenerateEmbedding(ticket.Text)|].Value;
                            vectors[ticket.Id] = embedding.ToFloats().ToArray();
                        }

                        return vectors;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using System.Linq;
                using OpenAI.Embeddings;

                public sealed record Ticket(string Id, string Text);

                public static class Indexer
                {
                    public static Dictionary<string, float[]> Embed(EmbeddingClient client, List<Ticket> tickets)
                    {
                        var vectors = new Dictionary<string, float[]>();
                        var embeddings = new List<OpenAIEmbedding>();
                        foreach (var chunk in tickets.Select(ticket => ticket.Text).Chunk(2048))
                        {
                            embeddings.AddRange(client.GenerateEmbeddings(chunk).Value);
                        }

                        var embeddingIndex = 0;
                        foreach (var ticket in tickets)
                        {
                            var embedding = embeddings[embeddingIndex++];
                            vectors[ticket.Id] = embedding.ToFloats().ToArray();
                        }

                        return vectors;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task OpenAI_async_loop_over_an_array_of_strings()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static async Task<List<OpenAIEmbedding>> EmbedAsync(EmbeddingClient client, string[] chunks)
                    {
                        var result = new List<OpenAIEmbedding>();
                        foreach (var text in chunks)
                        {
                            result.Add((await [|client.GenerateEmbeddingAsync(text)|]).Value);
                        }

                        return result;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using OpenAI.Embeddings;
                using System.Linq;

                public static class Indexer
                {
                    public static async Task<List<OpenAIEmbedding>> EmbedAsync(EmbeddingClient client, string[] chunks)
                    {
                        var result = new List<OpenAIEmbedding>();
                        var embeddings = new List<OpenAIEmbedding>();
                        foreach (var chunk in chunks.Chunk(2048))
                        {
                            embeddings.AddRange((await client.GenerateEmbeddingsAsync(chunk)).Value);
                        }

                        var embeddingIndex = 0;
                        foreach (var text in chunks)
                        {
                            result.Add(embeddings[embeddingIndex++]);
                        }

                        return result;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task ExtensionsAI_GenerateVectorAsync_collects_vectors()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Store
                {
                    public static async Task IndexAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> documents, Dictionary<string, ReadOnlyMemory<float>> index)
                    {
                        foreach (var document in documents)
                        {
                            index[document] = await [|generator.GenerateVectorAsync(document)|];
                        }
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Store
                {
                    public static async Task IndexAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> documents, Dictionary<string, ReadOnlyMemory<float>> index)
                    {
                        var embeddings = new List<ReadOnlyMemory<float>>();
                        foreach (var chunk in documents.Chunk(2048))
                        {
                            embeddings.AddRange((await generator.GenerateAsync(chunk)).Select(embedding => embedding.Vector));
                        }

                        var embeddingIndex = 0;
                        foreach (var document in documents)
                        {
                            index[document] = embeddings[embeddingIndex++];
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Names_in_use_get_a_suffix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static int Embed(EmbeddingClient client, string[] texts)
                    {
                        var embeddings = 0;
                        foreach (var text in texts)
                        {
                            embeddings += [|client.GenerateEmbedding(text)|].Value.ToFloats().Length;
                        }

                        var chunk = embeddings;
                        return chunk;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using System.Linq;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static int Embed(EmbeddingClient client, string[] texts)
                    {
                        var embeddings = 0;
                        var embeddings2 = new List<OpenAIEmbedding>();
                        foreach (var chunk2 in texts.Chunk(2048))
                        {
                            embeddings2.AddRange(client.GenerateEmbeddings(chunk2).Value);
                        }

                        var embeddingIndex = 0;
                        foreach (var text in texts)
                        {
                            embeddings += embeddings2[embeddingIndex++].ToFloats().Length;
                        }

                        var chunk = embeddings;
                        return chunk;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Call_under_a_condition_is_not_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static void Embed(EmbeddingClient client, List<string> texts, List<OpenAIEmbedding> output)
                    {
                        foreach (var text in texts)
                        {
                            if (text.Length > 0)
                            {
                                output.Add([|client.GenerateEmbedding(text)|].Value);
                            }
                        }
                    }
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Continue_before_the_call_is_not_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static void Embed(EmbeddingClient client, List<string> texts, List<OpenAIEmbedding> output)
                    {
                        foreach (var text in texts)
                        {
                            if (string.IsNullOrWhiteSpace(text))
                            {
                                continue;
                            }

                            output.Add([|client.GenerateEmbedding(text)|].Value);
                        }
                    }
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Input_computed_inside_the_loop_is_not_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static void Embed(EmbeddingClient client, List<string> texts, List<OpenAIEmbedding> output)
                    {
                        var previous = "";
                        foreach (var text in texts)
                        {
                            var input = previous + text;
                            output.Add([|client.GenerateEmbedding(input)|].Value);
                            previous = text;
                        }
                    }
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Lazy_sequences_and_other_loops_are_not_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static void FromQuery(EmbeddingClient client, IEnumerable<string> texts, List<OpenAIEmbedding> output)
                    {
                        foreach (var text in texts.Where(t => t.Length > 0))
                        {
                            output.Add([|client.GenerateEmbedding(text)|].Value);
                        }
                    }

                    public static void FromFor(EmbeddingClient client, string[] texts, List<OpenAIEmbedding> output)
                    {
                        for (var i = 0; i < texts.Length; i++)
                        {
                            output.Add([|client.GenerateEmbedding(texts[i])|].Value);
                        }
                    }

                    public static void ResultKept(EmbeddingClient client, string[] texts, List<System.ClientModel.ClientResult<OpenAIEmbedding>> output)
                    {
                        foreach (var text in texts)
                        {
                            output.Add([|client.GenerateEmbedding(text)|]);
                        }
                    }
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Batch_API_fed_one_input_per_iteration_is_not_rewritten()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static async Task EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingClient client, List<string> texts, List<Embedding<float>> output)
                    {
                        foreach (var text in texts)
                        {
                            var generated = await [|generator.GenerateAsync([text])|];
                            output.Add(generated[0]);
                        }

                        foreach (var text in texts)
                        {
                            var embeddings = [|client.GenerateEmbeddings(new[] { text })|].Value;
                            output.Add(new Embedding<float>(embeddings[0].ToFloats()));
                        }
                    }
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();
}
