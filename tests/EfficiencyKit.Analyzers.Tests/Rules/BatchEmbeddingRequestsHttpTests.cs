namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>
/// EK1101 for embedding requests made with a raw <c>HttpClient</c> (one string POSTed to an embeddings endpoint per
/// item, the URL a literal, an interpolation, a <c>Uri</c>, a member or a configuration key named for embeddings), for
/// calls whose body cannot be read (a package, another project, an unbound type) named like an embedding of one text,
/// and the near-misses: chunked batches, other endpoints, a model name in the query.
/// </summary>
public sealed class BatchEmbeddingRequestsHttpTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder().WithAnalyzer<BatchEmbeddingRequestsAnalyzer>().WithAspNetCore();

    [Fact]
    public Task PostAsJsonAsync_of_one_chunk_to_a_relative_embeddings_path_per_iteration()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                public sealed class Indexer(HttpClient http)
                {
                    public async Task IndexAsync(IEnumerable<string> chunks)
                    {
                        foreach (var chunk in chunks)
                        {
                            using var response = await [|http.PostAsJsonAsync("embeddings", new { model = "text-embedding-3-small", input = chunk })|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'PostAsJsonAsync' embeds one input per iteration of a 'foreach' loop (a POST of one input to an embeddings endpoint)")
            .ValidateAsync();

    [Fact]
    public Task PostAsync_of_a_StringContent_to_an_interpolated_Ollama_url_fanned_out_with_Task_WhenAll()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Net.Http;
                using System.Text;
                using System.Text.Json;
                using System.Threading.Tasks;

                public sealed class OllamaIndexer(HttpClient http, string baseUrl)
                {
                    public Task<HttpResponseMessage[]> IndexAsync(IEnumerable<string> chunks)
                        => Task.WhenAll(chunks.Select(chunk =>
                        {
                            var body = JsonSerializer.Serialize(new { model = "nomic-embed-text", input = chunk });
                            return [|http.PostAsync($"{baseUrl}/api/embed", new StringContent(body, Encoding.UTF8, "application/json"))|];
                        }));
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per item of the lambda passed to 'Select' (a POST of one input to an embeddings endpoint)")
            .ValidateAsync();

    [Fact]
    public Task SendAsync_helper_with_a_Uri_from_an_options_member_named_for_embeddings_called_per_iteration()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                public sealed class AiOptions
                {
                    public string EmbeddingsEndpoint { get; set; } = "";
                }

                public sealed class Embedder(HttpClient http, AiOptions options)
                {
                    public async Task<List<float[]>> EmbedAllAsync(IReadOnlyList<string> texts)
                    {
                        var vectors = new List<float[]>();
                        for (var i = 0; i < texts.Count; i++)
                        {
                            vectors.Add(await [|EmbedAsync(texts[i])|]);
                        }

                        return vectors;
                    }

                    private async Task<float[]> EmbedAsync(string text)
                    {
                        using var request = new HttpRequestMessage
                        {
                            Method = HttpMethod.Post,
                            RequestUri = new Uri(options.EmbeddingsEndpoint),
                            Content = JsonContent.Create(new { input = text }),
                        };
                        using var response = await http.SendAsync(request);
                        return (await response.Content.ReadFromJsonAsync<float[]>())!;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'EmbedAsync' embeds one input per iteration of a 'for' loop (it makes a POST to an embeddings endpoint per call)")
            .ValidateAsync();

    [Fact]
    public Task Helper_posting_to_a_configuration_key_named_for_embeddings_called_per_item()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Configuration;

                public sealed class Embedder(HttpClient http, IConfiguration configuration)
                {
                    public async Task IndexAsync(IEnumerable<string> documents, List<HttpResponseMessage> sink)
                    {
                        foreach (var document in documents)
                        {
                            sink.Add(await [|PostOneAsync(document)|]);
                        }
                    }

                    private Task<HttpResponseMessage> PostOneAsync(string text)
                        => http.PostAsJsonAsync(configuration["Ollama:EmbedUrl"], new { model = "all-minilm", input = text });
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'PostOneAsync' embeds one input per iteration of a 'foreach' loop (it makes a POST to an embeddings endpoint per call)")
            .ValidateAsync();

    [Fact]
    public Task Chunked_batches_other_endpoints_and_a_model_name_in_the_query_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                public sealed class Client(HttpClient http, string baseUrl, string embeddingModel)
                {
                    public async Task IndexAsync(IEnumerable<string> texts)
                    {
                        // One POST per batch of many: already batched.
                        foreach (var batch in texts.Chunk(64))
                        {
                            await http.PostAsJsonAsync("v1/embeddings", new { model = "text-embedding-3-small", input = batch });
                        }

                        // A helper that posts a whole batch, called once per chunk.
                        foreach (var batch in texts.Chunk(64))
                        {
                            await EmbedBatchAsync(batch);
                        }

                        // Other endpoints, even with an embedding model's name in the query.
                        foreach (var text in texts)
                        {
                            await http.PostAsJsonAsync($"{baseUrl}/api/chat?model={embeddingModel}", new { prompt = text });
                            await http.PostAsJsonAsync("https://shop.example/api/orders", new { order = text });
                        }
                    }

                    // Each input waits for the previous output.
                    public async Task<string> RefineAsync(string text, int rounds)
                    {
                        for (var i = 0; i < rounds; i++)
                        {
                            text = await EmbedOneAsync(text);
                        }

                        return text;
                    }

                    // Once, at startup.
                    public Task WarmUpAsync() => http.PostAsJsonAsync("embeddings", new { input = "warm-up" });

                    private Task<HttpResponseMessage> EmbedBatchAsync(IEnumerable<string> inputs) => http.PostAsJsonAsync("v1/embeddings", new { input = inputs.ToArray() });

                    private async Task<string> EmbedOneAsync(string text)
                    {
                        using var response = await http.PostAsJsonAsync("embeddings", new { input = text });
                        return await response.Content.ReadAsStringAsync();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Embedding_calls_whose_body_is_not_in_the_compilation_called_per_item()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                // Implemented in another project: no body here to follow.
                public interface ITextEmbedder
                {
                    Task<float[]> GetEmbeddingAsync(string text);

                    Task<float[][]> GetEmbeddingsAsync(IReadOnlyList<string> texts);
                }

                public sealed class Indexer(ITextEmbedder embedder)
                {
                    public async Task IndexAsync(IReadOnlyList<string> documents, List<float[]> index)
                    {
                        foreach (var document in documents)
                        {
                            index.Add(await [|embedder.GetEmbeddingAsync(document)|]);
                        }

                        foreach (var chunk in System.Linq.Enumerable.Chunk(documents, 100))
                        {
                            index.AddRange(await embedder.GetEmbeddingsAsync(chunk));
                        }
                    }

                    public Task<float[]> QueryAsync(string question) => embedder.GetEmbeddingAsync(question);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'GetEmbeddingAsync' embeds one input per iteration of a 'foreach' loop (it embeds one text per call)")
            .ValidateAsync();

    [Fact]
    public Task Unbound_embedder_and_memory_calls_per_item_are_followed_by_name()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public sealed class Indexer({|CS0246:IVendorEmbedder|} embedder, {|CS0246:ISemanticTextMemory|} memory)
                {
                    public async Task IndexAsync(IEnumerable<string> documents)
                    {
                        var i = 0;
                        foreach (var document in documents)
                        {
                            await [|embedder.EmbedAsync(document.Trim())|];
                            await [|memory.SaveInformationAsync("docs", document, (i++).ToString())|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per iteration of a 'foreach' loop (it")
            .ValidateAsync();

    [Fact]
    public Task Azure_OpenAI_1x_EmbeddingsOptions_with_one_input_per_iteration()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public sealed class Indexer({|CS0246:OpenAIClient|} client, string deployment)
                {
                    public async Task IndexAsync(IEnumerable<string> entries)
                    {
                        var baseline = await client.GetEmbeddingsAsync(new {|CS0246:EmbeddingsOptions|}(deployment, new[] { "baseline" }));
                        foreach (var entry in entries)
                        {
                            var embedding = await [|client.GetEmbeddingsAsync(new {|CS0246:EmbeddingsOptions|}(deployment, new[] { entry }))|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'GetEmbeddingsAsync' embeds one input per iteration of a 'foreach' loop (a batch of one written out in place)")
            .ValidateAsync();

    [Fact]
    public Task Upsert_of_one_auto_embedded_record_through_an_interface_implemented_elsewhere()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.VectorData;

                public sealed class Entry
                {
                    [VectorStoreKey]
                    public string Id { get; set; } = "";

                    [VectorStoreData]
                    public string Content { get; set; } = "";

                    [VectorStoreVector(1536)]
                    public string Vector => Content;
                }

                // The vector store wrapper lives in another project.
                public interface IVectorStoreCommand
                {
                    Task UpsertAsync(Entry entry);

                    Task UpsertAsync(IEnumerable<Entry> entries);
                }

                public sealed class Importer(IVectorStoreCommand store)
                {
                    public async Task ImportAsync(List<Entry> entries)
                    {
                        foreach (var entry in entries)
                        {
                            await [|store.UpsertAsync(entry)|];
                        }

                        await store.UpsertAsync(entries);
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'UpsertAsync' embeds one input per iteration of a 'foreach' loop (its store embeds one record's text vector per call)")
            .ValidateAsync();

    [Fact]
    public Task Method_groups_passed_to_Select_embed_one_input_per_item()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public interface IRemoteEmbedder
                {
                    Task<float[]> EmbedAsync(string text);
                }

                public sealed class Indexer(HttpClient http, IRemoteEmbedder remote, IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    private readonly Uri _endpoint = new("http://localhost:11434/api/embed");

                    public async Task IndexAsync(IReadOnlyList<string> texts)
                    {
                        await Task.WhenAll(texts.Select([|PostOneAsync|]));
                        await Task.WhenAll(texts.Select([|remote.EmbedAsync|]));
                        await Task.WhenAll(texts.Select(ReadOne));
                    }

                    private Task<HttpResponseMessage> PostOneAsync(string text) => http.PostAsJsonAsync(_endpoint, new { model = "all-minilm", input = text });

                    private static Task<int> ReadOne(string text) => Task.FromResult(text.Length);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "per item of the method group passed to 'Select'")
            .ValidateAsync();

    [Fact]
    public Task Helper_calling_an_embedder_whose_body_is_elsewhere_called_per_section()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;

                public interface ITextEmbedder
                {
                    Task<float[]> EmbedAsync(string text);
                }

                public sealed class Section(string text)
                {
                    public float[]? Vector { get; private set; }

                    public async Task CreateEmbeddingsAsync(ITextEmbedder embedder) => Vector = await embedder.EmbedAsync(text);

                    public async Task CreateUnboundEmbeddingsAsync({|CS0246:IVendorEmbedder|} embedder) => await embedder.EmbedAsync(text);
                }

                public sealed class Summary(List<Section> sections)
                {
                    public async Task CreateEmbeddingsAsync(ITextEmbedder embedder, {|CS0246:IVendorEmbedder|} vendor)
                    {
                        foreach (var section in sections)
                        {
                            await [|section.CreateEmbeddingsAsync(embedder)|];
                            await [|section.CreateUnboundEmbeddingsAsync(vendor)|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "embeds one input per iteration of a 'foreach' loop (it makes 'EmbedAsync' of one text per call)")
            .ValidateAsync();

    // The receiver's interface comes from a package outside the build (LagoVista.AI's IEmbedder), so the call has no
    // candidate; the project's own class implementing that interface is the one with a fitting EmbedAsync.
    [Fact]
    public Task Call_through_an_unresolved_interface_is_followed_to_its_one_source_implementation()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                public sealed class OpenAIEmbedder(HttpClient http) : {|CS0246:IEmbedder|}
                {
                    public async Task<float[]> EmbedAsync(string text, string model = "text-embedding-3-small")
                    {
                        using var response = await http.PostAsJsonAsync("https://api.openai.com/v1/embeddings", new { model, input = text });
                        return (await response.Content.ReadFromJsonAsync<float[]>())!;
                    }
                }

                public sealed class Indexer({|CS0246:IEmbedder|} embedder)
                {
                    public async Task IndexAsync(IEnumerable<{|CS0246:RagContent|}> items)
                    {
                        foreach (var item in items)
                        {
                            var vector = await [|embedder.EmbedAsync(item.EmbeddingContent)|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'EmbedAsync' embeds one input per iteration of a 'foreach' loop (it makes a POST to an embeddings endpoint per call)")
            .ValidateAsync();

    // Near-misses: the receiver's unresolved type is another one than the class implements, or two classes implement it
    // (which one runs is not known); the argument's type is unknown too, so the by-name rule for bodies we cannot read stays quiet.
    [Fact]
    public Task Call_through_an_unresolved_interface_with_no_single_matching_implementation_is_not_followed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                public sealed class OpenAIEmbedder(HttpClient http) : {|CS0246:IEmbedder|}
                {
                    public async Task<float[]> EmbedAsync(string text)
                    {
                        using var response = await http.PostAsJsonAsync("https://api.openai.com/v1/embeddings", new { input = text });
                        return (await response.Content.ReadFromJsonAsync<float[]>())!;
                    }
                }

                public sealed class CachedEmbedder : {|CS0246:IEmbedder|}
                {
                    public Task<float[]> EmbedAsync(string text) => Task.FromResult(new float[384]);
                }

                public sealed class Indexer({|CS0246:IEmbedder|} embedder, {|CS0246:IVectorIndex|} index)
                {
                    public async Task IndexAsync(IEnumerable<{|CS0246:RagContent|}> items)
                    {
                        foreach (var item in items)
                        {
                            var vector = await embedder.EmbedAsync(item.EmbeddingContent);
                            await index.EmbedAsync(item.EmbeddingContent);
                        }
                    }
                }
                """)
            .ValidateAsync();

    // The POST sits in the helper's retry loop (return on success, catch and wait between attempts): it is made once
    // per call of the helper, so a loop calling the helper per item sends one embeddings request per item.
    [Fact]
    public Task Embeddings_post_inside_a_retry_loop_counts_once_per_call()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                public sealed class Embedder(HttpClient http)
                {
                    public async Task<float[]> EmbedAsync(string text)
                    {
                        using var response = await PostWithRetryAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = text });
                        return (await response.Content.ReadFromJsonAsync<float[]>())!;
                    }

                    private async Task<HttpResponseMessage> PostWithRetryAsync(string path, object body)
                    {
                        var delay = TimeSpan.FromMilliseconds(400);
                        for (var attempt = 0; attempt < 4; attempt++)
                        {
                            try
                            {
                                var response = await http.PostAsJsonAsync(path, body);
                                if (response.IsSuccessStatusCode)
                                {
                                    return response;
                                }
                            }
                            catch (TaskCanceledException)
                            {
                            }

                            await Task.Delay(delay);
                            delay *= 2;
                        }

                        throw new InvalidOperationException("The embeddings endpoint did not answer.");
                    }
                }

                public sealed class Indexer(Embedder embedder)
                {
                    public async Task IndexAsync(IEnumerable<string> chunks)
                    {
                        foreach (var chunk in chunks)
                        {
                            var vector = await [|embedder.EmbedAsync(chunk)|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'EmbedAsync' embeds one input per iteration of a 'foreach' loop (it makes a POST to an embeddings endpoint per call)")
            .ValidateAsync();

    // Near-miss: a helper that posts each of its inputs in its own foreach is a batch loop of its own (reported there by
    // the direct rule), not one request per call; the caller's loop is not reported for it.
    [Fact]
    public Task Embeddings_post_per_item_inside_the_helper_is_not_counted_once_per_call()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                public sealed class Embedder(HttpClient http)
                {
                    public async Task EmbedAllAsync(IReadOnlyList<string> texts)
                    {
                        foreach (var text in texts)
                        {
                            var response = await [|http.PostAsJsonAsync("/v1/embeddings", new { input = text })|];
                            if (!response.IsSuccessStatusCode)
                            {
                                return;
                            }
                        }
                    }
                }

                public sealed class Indexer(Embedder embedder)
                {
                    public async Task IndexAsync(IEnumerable<IReadOnlyList<string>> batches)
                    {
                        foreach (var batch in batches)
                        {
                            await embedder.EmbedAllAsync(batch);
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'PostAsJsonAsync' embeds one input per iteration of a 'foreach' loop")
            .ValidateAsync();

    // PostAsJsonAsync from a package outside the build (System.Net.Http.Formatting, here simply not imported): the call
    // does not bind, but its receiver is an HttpClient and its arguments are the URL and the body. Directly in a loop,
    // and inside a helper (in its retry loop) called per item.
    [Fact]
    public Task Unbound_HttpClient_post_of_one_input_to_an_embeddings_endpoint_is_read_from_its_arguments()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Threading.Tasks;

                public sealed class Embedder(HttpClient http)
                {
                    public async Task EmbedEachAsync(IEnumerable<string> texts)
                    {
                        foreach (var text in texts)
                        {
                            await [|http.{|CS1061:PostAsJsonAsync|}("/v1/embeddings", new { input = text })|];
                        }
                    }

                    public async Task<HttpResponseMessage> EmbedAsync(string text) => await PostWithRetryAsync("/v1/embeddings", new { input = text });

                    private async Task<HttpResponseMessage> PostWithRetryAsync(string path, object body)
                    {
                        for (var attempt = 0; attempt < 4; attempt++)
                        {
                            try
                            {
                                return await http.{|CS1061:PostAsJsonAsync|}(path, body);
                            }
                            catch (HttpRequestException)
                            {
                                await Task.Delay(TimeSpan.FromSeconds(attempt));
                            }
                        }

                        throw new InvalidOperationException("The embeddings endpoint did not answer.");
                    }
                }

                public sealed class Indexer(Embedder embedder)
                {
                    public async Task IndexAsync(IEnumerable<string> chunks)
                    {
                        foreach (var chunk in chunks)
                        {
                            await [|embedder.EmbedAsync(chunk)|];
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "embeds one input per iteration of a 'foreach' loop")
            .ValidateAsync();
}
