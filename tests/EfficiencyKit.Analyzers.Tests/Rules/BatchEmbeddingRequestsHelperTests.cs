namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>
/// EK1101 across one method boundary (a helper of the compilation that embeds one input per call, called per item),
/// batch APIs fed a batch written out per iteration, and the near-misses that must stay quiet.
/// </summary>
public sealed class BatchEmbeddingRequestsHelperTests
{
    private const string HttpWrapper = """
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Threading.Tasks;

        public interface IHttpService
        {
            Task<T?> PostAsync<T>(string url, object payload);
        }

        public sealed class HttpService(IHttpClientFactory factory) : IHttpService
        {
            public async Task<T?> PostAsync<T>(string url, object payload)
            {
                var client = factory.CreateClient("api");
                using var response = await client.PostAsJsonAsync(url, payload);
                return await response.Content.ReadFromJsonAsync<T>();
            }
        }

        public sealed record EmbeddingResponse(float[][] Data);
        """;

    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<BatchEmbeddingRequestsAnalyzer>();

    [Fact]
    public Task Helper_posting_one_input_to_an_embeddings_endpoint_through_an_interface_called_per_chunk()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public sealed class VectorService
                {
                    private readonly IHttpService _http;
                    private readonly string _url;

                    public VectorService(IHttpService http)
                    {
                        _http = http;
                        _url = "http://localhost:11434/v1/embeddings";
                    }

                    public async Task<List<float[]>> EmbedAllAsync(IEnumerable<string> chunks)
                    {
                        var vectors = new List<float[]>();
                        foreach (var chunk in chunks)
                        {
                            vectors.Add(await [|EmbedAsync(chunk)|]);
                        }

                        return vectors;
                    }

                    public async Task<float[]> EmbedAsync(string input)
                        => (await _http.PostAsync<EmbeddingResponse>(_url, new { model = "nomic-embed-text", input }))!.Data[0];
                }
                """)
            .WithSourceCode(HttpWrapper)
            .WithAspNetCore()
            .ShouldReport(DiagnosticSeverity.Warning, "'EmbedAsync' embeds one input per iteration of a 'foreach' loop (it makes a POST to an embeddings endpoint per call); collect the inputs and call 'a batch form of it' once")
            .ValidateAsync();

    [Fact]
    public Task Posts_to_other_endpoints_in_a_loop_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public sealed class OrderSync(IHttpService http)
                {
                    public async Task PushAsync(IEnumerable<string> orders)
                    {
                        foreach (var order in orders)
                        {
                            await SendAsync(order);
                        }
                    }

                    private Task<EmbeddingResponse?> SendAsync(string order) => http.PostAsync<EmbeddingResponse>("https://shop.example/api/orders", new { order });
                }
                """)
            .WithSourceCode(HttpWrapper)
            .WithAspNetCore()
            .ValidateAsync();

    [Fact]
    public Task Interface_helper_implemented_with_GenerateVectorAsync_called_in_await_foreach()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public interface IEmbedder
                {
                    Task<ReadOnlyMemory<float>> EmbedAsync(string text);
                }

                public sealed class GeneratorEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator) : IEmbedder
                {
                    public Task<ReadOnlyMemory<float>> EmbedAsync(string text) => generator.GenerateVectorAsync(text);
                }

                public sealed class Indexer(IEmbedder embedder)
                {
                    public async Task IndexAsync(IAsyncEnumerable<string> documents, List<ReadOnlyMemory<float>> index)
                    {
                        await foreach (var document in documents)
                        {
                            index.Add(await [|embedder.EmbedAsync(document)|]);
                        }
                    }

                    public Task<ReadOnlyMemory<float>> QueryAsync(string question) => embedder.EmbedAsync(question);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'EmbedAsync' embeds one input per iteration of a 'await foreach' loop (it makes 'GenerateVectorAsync' per call)")
            .ValidateAsync();

    [Fact]
    public Task Ollama_helper_with_a_one_input_EmbedRequest_fanned_out_with_Task_WhenAll()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using OllamaSharp;
                using OllamaSharp.Models;

                public sealed class OllamaEmbeddings(IOllamaApiClient ollama)
                {
                    public Task<float[][]> EmbedAllAsync(IEnumerable<string> texts) => Task.WhenAll(texts.Select(text => [|EmbedOneAsync(text)|]));

                    private async Task<float[]> EmbedOneAsync(string text)
                    {
                        var request = new EmbedRequest { Model = "all-minilm", Input = new List<string> { text } };
                        var response = await ollama.EmbedAsync(request);
                        return response.Embeddings[0];
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per item of the lambda passed to 'Select' (it makes 'EmbedAsync' on a batch of one per call)")
            .ValidateAsync();

    [Fact]
    public Task MEAI_GenerateAsync_with_a_collection_expression_of_one_per_iteration()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Indexer
                {
                    public static async Task IndexAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> chunks, List<Embedding<float>> index)
                    {
                        for (var i = 0; i < chunks.Count; i++)
                        {
                            index.Add((await [|generator.GenerateAsync([chunks[i]])|])[0]);
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'GenerateAsync' embeds one input per iteration of a 'for' loop (a batch of one written out in place); collect the inputs and call 'GenerateAsync' once")
            .ValidateAsync();

    [Fact]
    public Task OpenAI_GenerateEmbeddings_with_a_new_array_of_one_per_item()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static void Index(EmbeddingClient client, IEnumerable<string> documents, List<OpenAIEmbedding> index)
                    {
                        foreach (var document in documents)
                        {
                            index.AddRange([|client.GenerateEmbeddings(new[] { document })|].Value);
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'GenerateEmbeddings' embeds one input per iteration of a 'foreach' loop (a batch of one written out in place)")
            .ValidateAsync();

    [Fact]
    public Task Upsert_of_one_auto_embedded_record_per_item_through_an_awaited_retry_wrapper()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.VectorData;

                public sealed class Chunk
                {
                    [VectorStoreKey]
                    public string Id { get; set; } = "";

                    [VectorStoreData]
                    public string Text { get; set; } = "";

                    [VectorStoreVector(1536)]
                    public string Embedding => Text;
                }

                public static class Retry
                {
                    public static async Task RunAsync(Func<Task> action, int attempts)
                    {
                        for (var i = 0; ; i++)
                        {
                            try { await action(); return; }
                            catch when (i < attempts) { }
                        }
                    }
                }

                public sealed class Ingestor(VectorStoreCollection<string, Chunk> collection)
                {
                    public async Task IngestAsync(IEnumerable<string> texts)
                    {
                        foreach (var text in texts)
                        {
                            var chunk = new Chunk { Id = Guid.NewGuid().ToString(), Text = text };
                            await Retry.RunAsync(async () => await [|collection.UpsertAsync(chunk)|], 3);
                        }
                    }

                    public Task IngestAllAsync(IEnumerable<Chunk> chunks) => collection.UpsertAsync(chunks);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'UpsertAsync' embeds one input per iteration of a 'foreach' loop (its collection embeds the record's text with a request of its own); collect the inputs and call 'UpsertAsync(IEnumerable<TRecord>)' once")
            .ValidateAsync();

    [Fact]
    public Task Near_misses_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Search(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    // Called once per question: nothing to batch it with.
                    public Task<ReadOnlyMemory<float>> EmbedQueryAsync(string question) => generator.GenerateVectorAsync(question);

                    public Task<GeneratedEmbeddings<Embedding<float>>> EmbedBatchAsync(IEnumerable<string> batch) => generator.GenerateAsync(batch);

                    public async Task<List<Embedding<float>>> IndexAsync(string[] documents, string question)
                    {
                        var all = new List<Embedding<float>>();

                        // Already batched: one call per chunk of 256.
                        foreach (var chunk in documents.Chunk(256))
                        {
                            all.AddRange(await EmbedBatchAsync(chunk));
                        }

                        // A loop of one iteration by construction.
                        foreach (var only in new[] { question })
                        {
                            await EmbedQueryAsync(only);
                        }

                        for (var i = 0; i < 1; i++)
                        {
                            all.AddRange(await generator.GenerateAsync([question]));
                        }

                        return all;
                    }

                    // Each input is the previous call's output: the calls cannot be batched.
                    public async Task<string> RefineAsync(string text, int rounds)
                    {
                        for (var i = 0; i < rounds; i++)
                        {
                            text = await NearestLabelAsync(text);
                        }

                        return text;
                    }

                    // Interactive: one question per user turn.
                    public async Task ChatAsync()
                    {
                        while (true)
                        {
                            var input = Console.ReadLine();
                            if (input is null)
                            {
                                break;
                            }

                            var results = await generator.GenerateAsync([input]);
                            Console.WriteLine(results.Count);
                        }
                    }

                    private async Task<string> NearestLabelAsync(string text)
                    {
                        var vector = await EmbedQueryAsync(text);
                        return vector.Length > 0 ? text + "." : text;
                    }
                }
                """)
            .ValidateAsync();
}
