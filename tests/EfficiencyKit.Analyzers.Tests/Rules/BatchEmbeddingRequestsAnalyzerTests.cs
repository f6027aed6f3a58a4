namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class BatchEmbeddingRequestsAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<BatchEmbeddingRequestsAnalyzer>();

    // ---- one input per iteration or item: warning ----------------------------------------------

    [Fact]
    public Task OpenAI_GenerateEmbedding_in_foreach()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static List<float[]> Embed(EmbeddingClient client, IEnumerable<string> documents)
                    {
                        var vectors = new List<float[]>();
                        foreach (var document in documents)
                        {
                            vectors.Add([|client.GenerateEmbedding(document)|].Value.ToFloats().ToArray());
                        }

                        return vectors;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'GenerateEmbedding' embeds one input per iteration of a 'foreach' loop; collect the inputs and call 'GenerateEmbeddings' once")
            .ValidateAsync();

    [Fact]
    public Task Semantic_Kernel_GenerateEmbeddingAsync_fanned_out_with_Task_WhenAll()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel.Embeddings;

                public sealed class RecordIndexer(ITextEmbeddingGenerationService embeddings)
                {
                    public async Task<ReadOnlyMemory<float>[]> EmbedAsync(IEnumerable<string> records)
                        => await Task.WhenAll(records.Select(record => [|embeddings.GenerateEmbeddingAsync(record)|]));

                    public async Task<ReadOnlyMemory<float>> QueryAsync(string query)
                        => await embeddings.GenerateEmbeddingAsync(query);

                    public async Task<IList<ReadOnlyMemory<float>>> ChunkAsync(IEnumerable<string[]> chunks)
                    {
                        var all = new List<ReadOnlyMemory<float>>();
                        foreach (var chunk in chunks)
                        {
                            all.AddRange(await embeddings.GenerateEmbeddingsAsync(chunk));
                        }
                        return all;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'GenerateEmbeddingAsync' embeds one input per item of the lambda passed to 'Select'; collect the inputs and call 'GenerateEmbeddingsAsync' once")
            .ValidateAsync();

    [Fact]
    public Task OpenAI_GenerateEmbeddingAsync_in_for()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static async Task<OpenAIEmbedding[]> EmbedAsync(EmbeddingClient client, string[] chunks)
                    {
                        var result = new OpenAIEmbedding[chunks.Length];
                        for (var i = 0; i < chunks.Length; i++)
                        {
                            result[i] = (await [|client.GenerateEmbeddingAsync(chunks[i])|]).Value;
                        }

                        return result;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "call 'GenerateEmbeddingsAsync' once")
            .ValidateAsync();

    [Fact]
    public Task MEAI_GenerateVectorAsync_in_while()
        => CreateProjectBuilder()
            .WithSourceCode("""
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
                        }

                        return vectors;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per iteration of a 'while' loop")
            .ValidateAsync();

    [Fact]
    public Task MEAI_single_GenerateAsync_in_Select_joined_by_WhenAll()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Catalog
                {
                    public static Task<Embedding<float>[]> EmbedAllAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IEnumerable<string> products)
                        => Task.WhenAll(products.Select(product => [|generator.GenerateAsync(product)|]));
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per item of the lambda passed to 'Select'; collect the inputs and call 'GenerateAsync(IEnumerable<TInput>)' once")
            .ValidateAsync();

    [Fact]
    public Task Parallel_ForEachAsync_body()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Concurrent;
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using OpenAI.Embeddings;

                public static class Bulk
                {
                    public static async Task RunAsync(EmbeddingClient client, IEnumerable<string> texts, ConcurrentBag<OpenAIEmbedding> sink)
                    {
                        await Parallel.ForEachAsync(texts, async (text, cancellationToken) =>
                        {
                            var result = await [|client.GenerateEmbeddingAsync(text, cancellationToken: cancellationToken)|];
                            sink.Add(result.Value);
                        });
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per item of the lambda passed to 'ForEachAsync'")
            .ValidateAsync();

    [Fact]
    public Task Task_Run_fan_out_from_a_loop()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class FanOut
                {
                    public static Task<Embedding<float>[]> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, List<string> texts)
                    {
                        var tasks = new List<Task<Embedding<float>>>();
                        foreach (var text in texts)
                        {
                            tasks.Add(Task.Run(() => [|generator.GenerateAsync(text)|]));
                        }

                        return Task.WhenAll(tasks);
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per iteration of a 'foreach' loop")
            .ValidateAsync();

    [Fact]
    public Task Await_foreach_over_a_stream_of_inputs()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Streamed
                {
                    public static async Task<int> CountAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IAsyncEnumerable<string> messages)
                    {
                        var count = 0;
                        await foreach (var message in messages)
                        {
                            ReadOnlyMemory<float> vector = await [|generator.GenerateVectorAsync(message)|];
                            count += vector.Length;
                        }

                        return count;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per iteration of a 'await foreach' loop")
            .ValidateAsync();

    // ---- not reported -----------------------------------------------------------------------------

    [Fact]
    public Task Batch_calls_over_chunks_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static List<OpenAIEmbedding> Embed(EmbeddingClient client, List<string> documents)
                    {
                        var vectors = new List<OpenAIEmbedding>();
                        foreach (var chunk in documents.Chunk(2048))
                        {
                            vectors.AddRange(client.GenerateEmbeddings(chunk).Value);
                        }

                        return vectors;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task MEAI_batch_GenerateAsync_in_a_loop_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Indexer
                {
                    public static async Task EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, List<string> documents)
                    {
                        foreach (var chunk in documents.Chunk(100))
                        {
                            await generator.GenerateAsync(chunk);
                            await generator.GenerateAndZipAsync(chunk);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task One_query_per_request_is_not_reported()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.AI;

                [ApiController]
                public sealed class SearchController(IEmbeddingGenerator<string, Embedding<float>> generator) : ControllerBase
                {
                    [HttpPost("/search")]
                    public async Task<object> Search(string query)
                    {
                        var vector = await generator.GenerateVectorAsync(query);
                        return Ok(vector.Length);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_single_call_in_an_ordinary_method_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Embeddings;

                public static class Query
                {
                    public static float[] Embed(EmbeddingClient client, string question) => client.GenerateEmbedding(question).Value.ToFloats().ToArray();
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Lambdas_that_do_not_run_per_item_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.ClientModel;
                using OpenAI.Embeddings;

                public static class Deferred
                {
                    public static List<Func<ClientResult<OpenAIEmbedding>>> Prepare(EmbeddingClient client, string[] texts)
                    {
                        var work = new List<Func<ClientResult<OpenAIEmbedding>>>();
                        foreach (var text in texts)
                        {
                            work.Add(() => client.GenerateEmbedding(text));
                        }

                        return work;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_foreach_collection_is_evaluated_once_and_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Embeddings;

                public static class Norm
                {
                    public static float SumOfSquares(EmbeddingClient client, string text)
                    {
                        var sum = 0f;
                        foreach (var value in client.GenerateEmbedding(text).Value.ToFloats().ToArray())
                        {
                            sum += value * value;
                        }

                        return sum;
                    }
                }
                """)
            .ValidateAsync();
}
