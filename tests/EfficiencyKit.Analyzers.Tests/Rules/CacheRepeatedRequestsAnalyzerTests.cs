namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class CacheRepeatedRequestsAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<CacheRepeatedRequestsAnalyzer>();

    [Fact]
    public Task Same_system_prompt_summarised_for_every_ticket()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Digest(IChatClient chat)
                {
                    private const string Policy = "Summarise our refund policy in two sentences.";

                    public async Task<string> BuildAsync(IEnumerable<string> tickets)
                    {
                        var text = "";
                        foreach (var ticket in tickets)
                        {
                            var policy = await {|EK1401:chat.GetResponseAsync(Policy, new ChatOptions { MaxOutputTokens = 100 })|};
                            text += ticket + ": " + policy.Text + "\n";
                        }
                        return text;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'GetResponseAsync' sends the same request on every iteration of this 'foreach' loop")
            .ValidateAsync();

    [Fact]
    public Task Loop_invariant_query_embedding_with_OpenAI()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using OpenAI.Embeddings;

                public sealed class Matcher(EmbeddingClient client)
                {
                    public int CountCloserThan(string query, IReadOnlyList<float[]> documents, float threshold)
                    {
                        var count = 0;
                        for (var i = 0; i < documents.Count; i++)
                        {
                            var q = {|EK1401:client.GenerateEmbedding(query)|}.Value.ToFloats();
                            if (q.Span[0] * documents[i][0] > threshold) count++;
                        }
                        return count;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Interpolated_prompt_and_message_objects_built_from_invariant_values()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Translator(IChatClient chat)
                {
                    public async Task<int> CountAsync(string language, IEnumerable<string> lines)
                    {
                        var total = 0;
                        foreach (var line in lines)
                        {
                            var greeting = await {|EK1401:chat.GetResponseAsync(new ChatMessage(ChatRole.User, $"Say hello in {language}."))|};
                            total += greeting.Text.Length + line.Length;
                        }
                        return total;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Inputs_that_depend_on_the_iteration_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;
                using OpenAI.Embeddings;

                public sealed class PerItem(IChatClient chat, EmbeddingClient embeddings)
                {
                    public async Task RunAsync(IEnumerable<string> tickets)
                    {
                        foreach (var ticket in tickets)
                        {
                            await chat.GetResponseAsync($"Classify: {ticket}");
                            var prompt = "Summarise: " + ticket;
                            await chat.GetResponseAsync(prompt);
                        }

                        var text = "";
                        for (var i = 0; i < 3; i++)
                        {
                            text += i;
                            embeddings.GenerateEmbedding(text);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_conversation_loop_that_grows_its_history_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Repl(IChatClient chat)
                {
                    public async Task RunAsync()
                    {
                        List<ChatMessage> history = [new(ChatRole.System, "You are terse.")];
                        while (true)
                        {
                            history.Add(new(ChatRole.User, Console.ReadLine() ?? ""));
                            var response = await chat.GetResponseAsync(history, new ChatOptions { MaxOutputTokens = 200 });
                            history.AddMessages(response);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Retry_polling_and_first_success_loops_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Resilient(IChatClient chat)
                {
                    public async Task<string> RetryAsync(string prompt)
                    {
                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                var response = await chat.GetResponseAsync(prompt);
                                Console.WriteLine(response.Text);
                            }
                            catch (HttpRequestException)
                            {
                            }
                        }
                        return "";
                    }

                    public async Task<string> FirstAnswerAsync(string prompt)
                    {
                        while (true)
                        {
                            var response = await chat.GetResponseAsync(prompt);
                            if (response.Text.Length > 0) return response.Text;
                        }
                    }

                    public async Task PollAsync(string prompt)
                    {
                        for (var i = 0; i < 10; i++)
                        {
                            await chat.GetResponseAsync(prompt);
                            await Task.Delay(TimeSpan.FromMinutes(1));
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Several_samples_collected_per_iteration_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class SelfConsistency(IChatClient chat)
                {
                    public async Task<List<ChatResponse>> SampleAsync(string question, int n)
                    {
                        var answers = new List<ChatResponse>();
                        for (var i = 0; i < n; i++)
                        {
                            answers.Add(await chat.GetResponseAsync(question, new ChatOptions { Temperature = 1f, MaxOutputTokens = 50 }));
                        }
                        var array = new ChatResponse[n];
                        for (var i = 0; i < n; i++)
                        {
                            array[i] = await chat.GetResponseAsync(question);
                        }
                        return answers;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Calls_in_lambdas_and_loop_headers_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Linq;
                using System.Threading.Tasks;
                using OpenAI.Embeddings;

                public sealed class Headers(EmbeddingClient client)
                {
                    public void Run(string query, string[] items)
                    {
                        foreach (var value in client.GenerateEmbedding(query).Value.ToFloats().ToArray())
                        {
                            Console.WriteLine(value);
                        }

                        foreach (var item in items)
                        {
                            Func<OpenAIEmbedding> later = () => client.GenerateEmbedding(query).Value;
                            Console.WriteLine(item + later.Method.Name);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Different_client_per_iteration_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Compare
                {
                    public async Task RunAsync(IEnumerable<IChatClient> clients, string prompt)
                    {
                        foreach (var client in clients)
                        {
                            await client.GetResponseAsync(prompt);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Same_query_embedded_twice_in_one_method()
        => CreateProjectBuilder()
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
    public Task Same_constant_embedded_twice_with_OpenAI()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Embeddings;

                public sealed class Probe(EmbeddingClient client)
                {
                    public int Check()
                    {
                        var a = client.GenerateEmbedding("health check");
                        var b = {|EK1402:client.GenerateEmbedding("health check")|};
                        return a.Value.ToFloats().Length + b.Value.ToFloats().Length;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Semantic_Kernel_embedding_of_the_same_rendered_prompt_twice()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel.Embeddings;

                public sealed class SemanticCache(ITextEmbeddingGenerationService embeddings)
                {
                    public async Task<bool> LookupThenStoreAsync(string renderedPrompt)
                    {
                        var lookup = await embeddings.GenerateEmbeddingAsync(renderedPrompt);
                        var store = await {|EK1402:embeddings.GenerateEmbeddingAsync(renderedPrompt)|};
                        return lookup.Length == store.Length;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Different_or_reassigned_inputs_and_different_clients_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Compare(IEmbeddingGenerator<string, Embedding<float>> small, IEmbeddingGenerator<string, Embedding<float>> large)
                {
                    public async Task RunAsync(string query, string other)
                    {
                        await small.GenerateVectorAsync(query);
                        await small.GenerateVectorAsync(other);
                        await large.GenerateVectorAsync(query);

                        var text = query;
                        await small.GenerateVectorAsync(text);
                        text = text.Trim();
                        await small.GenerateVectorAsync(text);
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
                public sealed class Plain
                {
                    public int Run(string[] items)
                    {
                        var total = 0;
                        foreach (var item in items) total += "constant".Length + item.Length;
                        return total;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Invariant_request_in_await_foreach_and_do_loops()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Streams(IEmbeddingGenerator<string, Embedding<float>> generator, IChatClient chat)
                {
                    private readonly string _topic = "refund policy";

                    public async Task<int> RunAsync(IAsyncEnumerable<string> events, int rounds)
                    {
                        var count = 0;
                        await foreach (var item in events)
                        {
                            var topic = await {|EK1401:generator.GenerateVectorAsync(_topic)|};
                            count += topic.Length + item.Length;
                        }

                        var i = 0;
                        do
                        {
                            var summary = await {|EK1401:chat.GetResponseAsync("Summarise the " + _topic, new ChatOptions { MaxOutputTokens = 60 })|};
                            count += summary.Text.Length;
                            i++;
                        }
                        while (i < rounds);
                        return count;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info)
            .ValidateAsync();

    [Fact]
    public Task Same_input_twice_through_a_readonly_field_generator()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Search
                {
                    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;

                    public Search(IEmbeddingGenerator<string, Embedding<float>> generator) => _generator = generator;

                    public async Task<int> RunAsync(string query)
                    {
                        var first = await _generator.GenerateAsync(query);
                        var second = await {|EK1402:_generator.GenerateAsync(query)|};
                        return first.Vector.Length + second.Vector.Length;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task An_input_passed_by_ref_between_the_calls_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Search(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public async Task<int> RunAsync(string query)
                    {
                        var first = await generator.GenerateVectorAsync(query);
                        Normalize(ref query);
                        var second = await generator.GenerateVectorAsync(query);
                        return first.Length + second.Length;
                    }

                    private static void Normalize(ref string text) => text = text.Trim();
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Loop_passes_the_same_labels_to_a_helper_that_embeds_them()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Classifier(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public async Task RunAsync(string[] inputs)
                    {
                        var labels = new[] { "animals", "programming", "music" };
                        foreach (var input in inputs)
                        {
                            var label = await {|EK1401:ClassifyAsync(input, labels)|};
                            System.Console.WriteLine(label);
                        }
                    }

                    private async Task<string> ClassifyAsync(string text, IEnumerable<string> candidates)
                    {
                        var query = await generator.GenerateVectorAsync(text);
                        var embedded = await generator.GenerateAsync(candidates);
                        return candidates.First();
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'ClassifyAsync' sends the same request ('GenerateAsync' inside it on 'candidates') on every iteration of this 'foreach' loop")
            .ValidateAsync();

    [Fact]
    public Task Helper_with_a_constant_prompt_called_per_item()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Mailer(IChatClient chat)
                {
                    public async Task SendAllAsync(IEnumerable<string> customers, string tone)
                    {
                        foreach (var customer in customers)
                        {
                            var footer = await {|EK1401:FooterAsync(tone)|};
                            System.Console.WriteLine(customer + footer);
                        }
                    }

                    private async Task<string> FooterAsync(string tone)
                    {
                        var prompt = $"Write a {tone} two-line email footer for our shop.";
                        var response = await chat.GetResponseAsync(prompt, new ChatOptions { MaxOutputTokens = 60 });
                        return response.Text;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Helpers_on_per_item_input_memoised_or_with_a_changing_client_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Tagger(IChatClient chat, IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    private readonly Dictionary<string, Embedding<float>> _memo = new();
                    private readonly List<ChatMessage> _history = new();

                    public async Task RunAsync(IEnumerable<string> items, IEnumerable<IChatClient> clients)
                    {
                        foreach (var item in items)
                        {
                            await TagAsync(item);                 // the input changes every iteration
                            await EmbedMemoisedAsync("label");    // answered from the memo after the first call
                            await AskHistoryAsync("next?");       // the history grows on every call
                        }

                        foreach (var client in clients)
                        {
                            await AskWithAsync(client, "same");   // a different client each time
                        }

                        for (var attempt = 0; attempt < 3; attempt++)
                        {
                            try { await TagAsync("fixed"); return; } catch { }  // retry loop
                        }
                    }

                    private async Task<string> TagAsync(string text)
                        => (await chat.GetResponseAsync("Tag: " + text, new ChatOptions { MaxOutputTokens = 5 })).Text;

                    private async Task<Embedding<float>> EmbedMemoisedAsync(string text)
                    {
                        if (_memo.TryGetValue(text, out var known)) return known;
                        return _memo[text] = await generator.GenerateAsync(text);
                    }

                    private async Task<string> AskHistoryAsync(string question)
                    {
                        _history.Add(new ChatMessage(ChatRole.User, question));
                        return (await chat.GetResponseAsync(_history, new ChatOptions { MaxOutputTokens = 50 })).Text;
                    }

                    private static async Task<string> AskWithAsync(IChatClient client, string question)
                        => (await client.GetResponseAsync(question, new ChatOptions { MaxOutputTokens = 50 })).Text;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Corpus_files_re_embedded_by_a_service_a_minimal_API_endpoint_calls()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using System.IO;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.AI;

                var app = WebApplication.Create(args);
                app.MapPost("/ingest", async (Ingestor ingestor) =>
                {
                    await ingestor.IngestAsync("docs");
                    return "done";
                });
                app.Run();

                public sealed class Ingestor(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public async Task IngestAsync(string folder)
                    {
                        var files = Directory.GetFiles(folder, "*.md");
                        foreach (var file in files)
                        {
                            var text = await File.ReadAllTextAsync(file);
                            var vectors = await {|EK1401:generator.GenerateAsync([text])|};
                            System.Console.WriteLine(vectors.Count);
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'GenerateAsync' embeds the files read by 'GetFiles' again (called on every request handled by 'MapPost')")
            .ValidateAsync();

    [Fact]
    public Task Static_topic_list_embedded_in_a_controller_action()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using OpenAI.Embeddings;

                [ApiController]
                public sealed class TopicsController(EmbeddingClient client) : ControllerBase
                {
                    private static readonly string[] Topics = ["billing", "shipping", "returns", "accounts"];

                    [HttpPost("/topics")]
                    public async Task<int> Recommend([FromBody] string note)
                    {
                        var topicVectors = new List<float[]>();
                        foreach (var topic in Topics)
                        {
                            OpenAIEmbedding embedding = await {|EK1401:client.GenerateEmbeddingAsync(topic)|};
                            topicVectors.Add(embedding.ToFloats().ToArray());
                        }
                        OpenAIEmbedding query = await client.GenerateEmbeddingAsync(note);
                        return topicVectors.Count + query.ToFloats().Length;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "embeds 'Topics' again (on every request handled by 'Recommend')")
            .ValidateAsync();

    [Fact]
    public Task Lines_of_a_file_embedded_as_one_batch_in_a_hub_method()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.IO;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.SignalR;
                using Microsoft.Extensions.AI;

                public sealed class SearchHub(IEmbeddingGenerator<string, Embedding<float>> generator) : Hub
                {
                    public async Task<int> Search(string query)
                    {
                        var faq = File.ReadAllLines("faq.txt").Where(l => l.Length > 0).ToList();
                        var vectors = await {|EK1401:generator.GenerateAsync(faq)|};
                        return vectors.Count + query.Length;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Request_data_and_a_corpus_embedded_once_are_not_reported()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Hosting;

                [ApiController]
                public sealed class NotesController(IEmbeddingGenerator<string, Embedding<float>> generator) : ControllerBase
                {
                    // The request's own data: new on every request.
                    [HttpPost("/notes")]
                    public async Task<int> Index([FromBody] List<string> notes)
                    {
                        var count = 0;
                        foreach (var note in notes)
                        {
                            var vector = await generator.GenerateAsync([note]);
                            count += vector.Count;
                        }
                        return count;
                    }
                }

                // Runs once at startup.
                public sealed class Indexer(IEmbeddingGenerator<string, Embedding<float>> generator) : BackgroundService
                {
                    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                    {
                        foreach (var file in Directory.GetFiles("docs"))
                        {
                            await generator.GenerateAsync([await File.ReadAllTextAsync(file, stoppingToken)], cancellationToken: stoppingToken);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Handler_that_skips_what_is_already_embedded_is_not_reported()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.IO;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.AI;

                [ApiController]
                public sealed class IngestController(IEmbeddingGenerator<string, Embedding<float>> generator) : ControllerBase
                {
                    private static readonly Dictionary<string, Embedding<float>> Vectors = new();

                    [HttpPost("/ingest")]
                    public async Task<int> Ingest()
                    {
                        foreach (var file in Directory.EnumerateFiles("docs"))
                        {
                            var text = await System.IO.File.ReadAllTextAsync(file);
                            if (Vectors.TryGetValue(text, out _))
                            {
                                continue;
                            }
                            Vectors[text] = (await generator.GenerateAsync([text]))[0];
                        }
                        return Vectors.Count;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Same_query_embedded_again_by_a_helper_it_calls()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Search(IEmbeddingGenerator<string, Embedding<float>> generator)
                {
                    public async Task<float> RankAsync(string query)
                    {
                        var vector = await generator.GenerateVectorAsync(query);
                        var best = await {|EK1402:FindClosestAsync(query)|};
                        return vector.Span[0] + best;
                    }

                    private async Task<float> FindClosestAsync(string text)
                    {
                        var vector = await generator.GenerateVectorAsync(text);
                        return vector.Span[0];
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'FindClosestAsync' (through 'GenerateVectorAsync' inside it) embeds 'query' again")
            .ValidateAsync();

    [Fact]
    public Task Helper_first_then_the_same_input_embedded_with_the_client_passed_to_it()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using OpenAI.Embeddings;

                public static class Store
                {
                    public static async Task<int> SaveAsync(EmbeddingClient client, string text)
                    {
                        await IndexAsync(text, client);
                        OpenAIEmbedding again = await {|EK1402:client.GenerateEmbeddingAsync(text)|};
                        return again.ToFloats().Length;
                    }

                    private static async Task IndexAsync(string content, EmbeddingClient embeddings)
                        => await embeddings.GenerateEmbeddingAsync(content);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Helper_given_another_input_the_first_vector_or_embedding_only_on_demand_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Search(IEmbeddingGenerator<string, Embedding<float>> generator, IEmbeddingGenerator<string, Embedding<float>> other)
                {
                    public async Task<float> RankAsync(string query, string title)
                    {
                        var vector = await generator.GenerateVectorAsync(query);
                        var a = await EmbedAsync(title);
                        var b = await ScoreAsync(query, vector);
                        var c = await EmbedOtherAsync(query);
                        return vector.Span[0] + a + b + c;
                    }

                    private async Task<float> EmbedAsync(string text) => (await generator.GenerateVectorAsync(text)).Span[0];

                    private async Task<float> ScoreAsync(string text, ReadOnlyMemory<float>? known)
                    {
                        if (known is null)
                        {
                            known = await generator.GenerateVectorAsync(text);
                        }
                        return known.Value.Span[0];
                    }

                    // Another model embeds the text differently.
                    private async Task<float> EmbedOtherAsync(string text) => (await other.GenerateVectorAsync(text)).Span[0];
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Constant_prompt_in_a_minimal_API_endpoint()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.AI;

                var app = WebApplication.Create(args);
                app.MapGet("/tip", async (IChatClient chat) =>
                    (await {|EK1401:chat.GetResponseAsync("Give one tip for writing efficient C#.", new ChatOptions { MaxOutputTokens = 100 })|}).Text);
                app.MapGet("/tip/{topic}", async (IChatClient chat, string topic) =>
                    (await chat.GetResponseAsync($"Give one tip about {topic}.", new ChatOptions { MaxOutputTokens = 100 })).Text);
                app.Run();
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'GetResponseAsync' sends the same request (on every request handled by 'MapGet'): no value of the request flows into its input")
            .ValidateAsync();

    [Fact]
    public Task Constant_messages_sent_by_a_service_a_controller_calls()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using OpenAI.Chat;

                [ApiController]
                public sealed class WelcomeController(Greeter greeter) : ControllerBase
                {
                    [HttpGet("/welcome")]
                    public Task<string> Get() => greeter.GreetAsync();
                }

                public sealed class Greeter(ChatClient chat)
                {
                    private const string System = "You are a friendly concierge.";

                    public async Task<string> GreetAsync()
                    {
                        ChatCompletion answer = await {|EK1401:chat.CompleteChatAsync(new SystemChatMessage(System), new UserChatMessage("Write a one-line welcome."))|};
                        return answer.Content[0].Text;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'CompleteChatAsync' sends the same request (called on every request handled by 'Get'): no value of the request flows into its input")
            .ValidateAsync();

    [Fact]
    public Task Constant_prompt_behind_an_output_cache_or_with_tools_is_not_reported()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.DependencyInjection;

                var app = WebApplication.Create(args);
                app.MapGet("/tip", async (IChatClient chat) =>
                    (await chat.GetResponseAsync("Give one tip for writing efficient C#.")).Text).CacheOutput();
                app.MapGet("/weather", async (IChatClient chat, AIFunction forecast) =>
                    (await chat.GetResponseAsync("What is the weather now?", new ChatOptions { Tools = [forecast] })).Text);
                app.Run();

                [ApiController]
                public sealed class TipController(IChatClient chat) : ControllerBase
                {
                    [HttpGet("/daily"), ResponseCache(Duration = 3600)]
                    public async Task<string> Daily() => (await chat.GetResponseAsync("Give one tip.")).Text;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Constant_prompt_in_an_app_with_a_response_cache_or_run_once_is_not_reported()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Caching.Distributed;

                var app = WebApplication.Create(args);
                app.MapGet("/hello", async (IChatClient chat) => (await chat.GetResponseAsync("Say hello.")).Text);
                app.Run();

                static IChatClient Cached(IChatClient inner, IDistributedCache cache) => inner.AsBuilder().UseDistributedCache(cache).Build();
                """)
            .WithSourceCode("""
                using Microsoft.Extensions.AI;

                public static class Startup
                {
                    // Runs once, from Main.
                    public static async System.Threading.Tasks.Task<string> WarmUpAsync(IChatClient chat) => (await chat.GetResponseAsync("Say hello.")).Text;
                }
                """)
            .ValidateAsync();
}
