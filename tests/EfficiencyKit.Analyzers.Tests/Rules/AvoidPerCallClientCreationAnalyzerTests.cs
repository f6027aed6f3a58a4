namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class AvoidPerCallClientCreationAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<AvoidPerCallClientCreationAnalyzer>()
        .WithCodeFixProvider<AvoidPerCallClientCreationFixer>();

    // ---- per item / per request: warning --------------------------------------------------------

    [Fact]
    public Task ChatClient_created_in_foreach_is_a_warning_and_moves_to_a_static_field()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using OpenAI.Chat;

                public sealed class TicketSummarizer
                {
                    public List<string> Summarize(IEnumerable<string> tickets)
                    {
                        var summaries = new List<string>();
                        foreach (var ticket in tickets)
                        {
                            var client = [|new ChatClient("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"))|];
                            ChatCompletion completion = client.CompleteChat("Summarize: " + ticket);
                            summaries.Add(completion.Content[0].Text);
                        }

                        return summaries;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'ChatClient' is created on every iteration of a 'foreach' loop")
            .ShouldFixCodeWith("""
                using System;
                using System.Collections.Generic;
                using OpenAI.Chat;

                public sealed class TicketSummarizer
                {
                    private static readonly ChatClient s_client = new ChatClient("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    public List<string> Summarize(IEnumerable<string> tickets)
                    {
                        var summaries = new List<string>();
                        foreach (var ticket in tickets)
                        {
                            var client = s_client;
                            ChatCompletion completion = client.CompleteChat("Summarize: " + ticket);
                            summaries.Add(completion.Content[0].Text);
                        }

                        return summaries;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task InferenceSession_in_using_declaration_inside_for_loses_the_using_when_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public sealed class IntentClassifier
                {
                    private const string ModelPath = "models/intent.onnx";

                    public int[] Classify(float[][] features)
                    {
                        var labels = new int[features.Length];
                        for (var i = 0; i < features.Length; i++)
                        {
                            using var session = [|new InferenceSession(ModelPath)|];
                            var input = new DenseTensor<float>(features[i], new[] { 1, features[i].Length });
                            using var outputs = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) });
                            labels[i] = outputs.Count;
                        }

                        return labels;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every iteration of a 'for' loop")
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;
                using Microsoft.ML.OnnxRuntime.Tensors;

                public sealed class IntentClassifier
                {
                    private const string ModelPath = "models/intent.onnx";
                    private static readonly InferenceSession s_session = new InferenceSession(ModelPath);

                    public int[] Classify(float[][] features)
                    {
                        var labels = new int[features.Length];
                        for (var i = 0; i < features.Length; i++)
                        {
                            var session = s_session;
                            var input = new DenseTensor<float>(features[i], new[] { 1, features[i].Length });
                            using var outputs = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) });
                            labels[i] = outputs.Count;
                        }

                        return labels;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task EmbeddingClient_created_in_while_loop_is_a_warning()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.IO;
                using OpenAI.Embeddings;

                public static class Indexer
                {
                    public static void IndexLines(TextReader reader, string apiKey)
                    {
                        string? line;
                        while ((line = reader.ReadLine()) is not null)
                        {
                            var embedding = [|new EmbeddingClient("text-embedding-3-small", apiKey)|].GenerateEmbedding(line);
                            Store(embedding.Value.ToFloats());
                        }
                    }

                    private static void Store(System.ReadOnlyMemory<float> vector) { }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'EmbeddingClient' is created on every iteration of a 'while' loop")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Creation_in_LINQ_Select_lambda_is_per_item()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using OpenAI.Embeddings;

                public static class Embedder
                {
                    public static async Task<OpenAIEmbedding[]> EmbedAllAsync(IEnumerable<string> texts)
                    {
                        var results = await Task.WhenAll(texts.Select(async text =>
                        {
                            var client = [|new EmbeddingClient("text-embedding-3-small", "sk-test")|];
                            var result = await client.GenerateEmbeddingAsync(text);
                            return result.Value;
                        }));
                        return results;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "for every item in the lambda passed to 'Select'")
            .ValidateAsync();

    [Fact]
    public Task Creation_in_Parallel_ForEach_body_is_per_item()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.ML.OnnxRuntime;

                public static class BatchScorer
                {
                    public static void Score(IEnumerable<string> documents, byte[] model)
                    {
                        Parallel.ForEach(documents, document =>
                        {
                            using var session = [|new InferenceSession(model)|];
                            _ = session.InputNames.Count + document.Length;
                        });
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "for every item in the lambda passed to 'ForEach'")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Creation_in_Task_Run_fanned_out_from_a_loop_is_a_warning()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.ClientModel;
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using OpenAI.Chat;

                public static class Translator
                {
                    public static Task<ClientResult<ChatCompletion>[]> TranslateAsync(IReadOnlyList<string> sentences)
                    {
                        var tasks = new List<Task<ClientResult<ChatCompletion>>>();
                        foreach (var sentence in sentences)
                        {
                            tasks.Add(Task.Run(() => [|new ChatClient("gpt-4o-mini", "sk-test")|].CompleteChatAsync("Translate: " + sentence)));
                        }

                        return Task.WhenAll(tasks);
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every iteration of a 'foreach' loop")
            .ValidateAsync();

    [Fact]
    public Task Creation_in_controller_action_is_per_request()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using OpenAI.Chat;

                [ApiController]
                public sealed class AskController : ControllerBase
                {
                    [HttpPost("/ask")]
                    public async Task<object> Ask(string question)
                    {
                        var client = [|new ChatClient("gpt-4o", "sk-test")|];
                        ChatCompletion answer = await client.CompleteChatAsync(question);
                        return Ok(answer.Content[0].Text);
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every request handled by 'Ask'")
            .ValidateAsync();

    [Fact]
    public Task Creation_in_minimal_API_handler_is_per_request()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.ML.OnnxRuntime;

                var app = WebApplication.Create(args);
                app.MapPost("/classify", (string text) =>
                {
                    using var session = [|new InferenceSession("models/intent.onnx")|];
                    return session.InputNames.Count + text.Length;
                });
                app.Run();
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every request handled by 'MapPost'")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Loop_in_top_level_statements_is_a_warning_without_a_fix()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode("""
                using System;
                using OpenAI.Chat;

                foreach (var question in new[] { "What is ONNX?", "What is RAPL?" })
                {
                    ChatClient client = [|new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"))|];
                    Console.WriteLine(client.CompleteChat(question).Value.Content[0].Text);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning)
            .ShouldNotOfferFix()
            .ValidateAsync();

    // ---- per method call: info ------------------------------------------------------------------

    [Fact]
    public Task Creation_in_ordinary_method_is_info()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using OpenAI;

                public sealed class Assistant
                {
                    public async Task<string> AskAsync(string question)
                    {
                        var chat = [|new OpenAIClient("sk-test")|].GetChatClient("gpt-4o-mini");
                        var completion = await chat.CompleteChatAsync(question);
                        return completion.Value.Content[0].Text;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'OpenAIClient' is created on every call of 'AskAsync' and not kept")
            .ShouldFixCodeWith("""
                using System.Threading.Tasks;
                using OpenAI;

                public sealed class Assistant
                {
                    private static readonly OpenAIClient s_openAIClient = new OpenAIClient("sk-test");

                    public async Task<string> AskAsync(string question)
                    {
                        var chat = s_openAIClient.GetChatClient("gpt-4o-mini");
                        var completion = await chat.CompleteChatAsync(question);
                        return completion.Value.Content[0].Text;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Expression_bodied_property_that_creates_a_client_per_read_is_info()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Embeddings;

                public sealed class SearchService
                {
                    private EmbeddingClient Embeddings => [|new EmbeddingClient("text-embedding-3-small", "sk-test")|];

                    public float First(string query) => Embeddings.GenerateEmbedding(query).Value.ToFloats().Span[0];
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "on every read of property 'Embeddings'")
            .ShouldFixCodeWith("""
                using OpenAI.Embeddings;

                public sealed class SearchService
                {
                    private static readonly EmbeddingClient s_embeddingClient = new EmbeddingClient("text-embedding-3-small", "sk-test");

                    private EmbeddingClient Embeddings => s_embeddingClient;

                    public float First(string query) => Embeddings.GenerateEmbedding(query).Value.ToFloats().Span[0];
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Derived_client_type_AzureOpenAIClient_is_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.ClientModel;
                using Azure.AI.OpenAI;

                public static class Reports
                {
                    public static string Summarize(string text, Uri endpoint, ApiKeyCredential key)
                    {
                        var chat = [|new AzureOpenAIClient(endpoint, key)|].GetChatClient("gpt-4o-mini");
                        return chat.CompleteChat(text).Value.Content[0].Text;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'AzureOpenAIClient' is created on every call of 'Summarize'")
            .ShouldNotOfferFix()
            .ValidateAsync();

    // ---- fixes ----------------------------------------------------------------------------------

    [Fact]
    public Task Using_statement_is_replaced_by_the_shared_instance_and_spliced()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class ModelInfo
                {
                    public static int CountInputs(string[] names)
                    {
                        var count = 0;
                        foreach (var name in names)
                        {
                            using (var session = [|new InferenceSession("models/intent.onnx")|])
                            {
                                count += session.InputNames.Count + name.Length;
                            }
                        }

                        return count;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.ML.OnnxRuntime;

                public static class ModelInfo
                {
                    private static readonly InferenceSession s_session = new InferenceSession("models/intent.onnx");

                    public static int CountInputs(string[] names)
                    {
                        var count = 0;
                        foreach (var name in names)
                        {
                            var session = s_session;
                            count += session.InputNames.Count + name.Length;
                        }

                        return count;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task FixAll_shares_one_field_between_identical_creations_and_names_the_others_uniquely()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using OpenAI.Chat;
                using OpenAI.Embeddings;

                public sealed class Pipeline
                {
                    private const string Key = "sk-test";

                    public void Tag(List<string> items)
                    {
                        foreach (var item in items)
                        {
                            var client = [|new ChatClient("gpt-4o-mini", Key)|];
                            client.CompleteChat(item);
                        }
                    }

                    public void Review(List<string> items)
                    {
                        foreach (var item in items)
                        {
                            var client = [|new ChatClient("gpt-4o-mini", Key)|];
                            client.CompleteChat("Review: " + item);
                            var other = [|new ChatClient("gpt-4o", Key)|];
                            other.CompleteChat(item);
                            var embeddings = [|new EmbeddingClient("text-embedding-3-small", Key)|];
                            embeddings.GenerateEmbedding(item);
                        }
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using OpenAI.Chat;
                using OpenAI.Embeddings;

                public sealed class Pipeline
                {
                    private const string Key = "sk-test";
                    private static readonly ChatClient s_client = new ChatClient("gpt-4o-mini", Key);
                    private static readonly ChatClient s_other = new ChatClient("gpt-4o", Key);
                    private static readonly EmbeddingClient s_embeddings = new EmbeddingClient("text-embedding-3-small", Key);

                    public void Tag(List<string> items)
                    {
                        foreach (var item in items)
                        {
                            var client = s_client;
                            client.CompleteChat(item);
                        }
                    }

                    public void Review(List<string> items)
                    {
                        foreach (var item in items)
                        {
                            var client = s_client;
                            client.CompleteChat("Review: " + item);
                            var other = s_other;
                            other.CompleteChat(item);
                            var embeddings = s_embeddings;
                            embeddings.GenerateEmbedding(item);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task No_fix_when_the_constructor_argument_changes_per_iteration()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class ModelAudit
                {
                    public static int CountInputs(string[] modelPaths)
                    {
                        var total = 0;
                        foreach (var path in modelPaths)
                        {
                            using var session = [|new InferenceSession(path)|];
                            total += session.InputNames.Count;
                        }

                        return total;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning)
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task No_fix_when_the_instance_is_disposed_explicitly()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public static class Probe
                {
                    public static int Inputs()
                    {
                        var session = [|new InferenceSession("models/intent.onnx")|];
                        var count = session.InputNames.Count;
                        session.Dispose();
                        return count;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info)
            .ShouldNotOfferFix()
            .ValidateAsync();

    // ---- options through .editorconfig ---------------------------------------------------------

    [Fact]
    public Task Option_report_per_method_call_false_keeps_loop_warnings_only()
        => CreateProjectBuilder()
            .WithEditorConfig("EK1001.report_per_method_call = false")
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Bot
                {
                    public static string Once(string q) => new ChatClient("gpt-4o-mini", "sk-test").CompleteChat(q).Value.Content[0].Text;

                    public static void Many(string[] qs)
                    {
                        foreach (var q in qs)
                        {
                            [|new ChatClient("gpt-4o-mini", "sk-test")|].CompleteChat(q);
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning)
            .ValidateAsync();

    [Fact]
    public Task Severity_from_editorconfig_applies()
        => CreateProjectBuilder()
            .WithEditorConfig("dotnet_diagnostic.EK1001.severity = error")
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Bot
                {
                    public static string Once(string q) => [|new ChatClient("gpt-4o-mini", "sk-test")|].CompleteChat(q).Value.Content[0].Text;
                }
                """)
            .ShouldReport(DiagnosticSeverity.Error)
            .ValidateAsync();

    // ---- not reported ---------------------------------------------------------------------------

    [Fact]
    public Task Constructor_field_initializers_and_static_initializers_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;
                using OpenAI.Chat;
                using OpenAI.Embeddings;

                public sealed class Services
                {
                    private static readonly ChatClient s_chat = new ChatClient("gpt-4o-mini", "sk-test");
                    private readonly EmbeddingClient _embeddings = new EmbeddingClient("text-embedding-3-small", "sk-test");
                    private readonly InferenceSession _session;

                    public Services(string modelPath)
                    {
                        _session = new InferenceSession(modelPath);
                        var warmup = new ChatClient("gpt-4o-mini", "sk-test");
                        warmup.CompleteChat("ping");
                    }

                    public ChatClient Chat { get; } = new ChatClient("gpt-4o", "sk-test");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Lazy_coalescing_assignment_and_Interlocked_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Threading;
                using Microsoft.ML.OnnxRuntime;
                using OpenAI.Chat;

                public sealed class Holder
                {
                    private static readonly Lazy<InferenceSession> s_session = new(() => new InferenceSession("models/intent.onnx"));
                    private static ChatClient? s_chat;
                    private ChatClient? _review;

                    public InferenceSession Session => s_session.Value;

                    public ChatClient Chat()
                    {
                        if (s_chat is null)
                        {
                            Interlocked.CompareExchange(ref s_chat, new ChatClient("gpt-4o-mini", "sk-test"), null);
                        }

                        return s_chat;
                    }

                    public ChatClient Review() => _review ??= new ChatClient("gpt-4o", "sk-test");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task DI_registration_lambdas_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.ML.OnnxRuntime;
                using OpenAI.Chat;

                public static class Registration
                {
                    public static IServiceCollection AddAi(this IServiceCollection services)
                    {
                        services.AddSingleton(_ => new ChatClient("gpt-4o-mini", "sk-test"));
                        services.AddSingleton(sp => new InferenceSession("models/intent.onnx"));
                        return services;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Factory_methods_stores_and_collections_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntime;
                using OpenAI.Chat;

                public sealed class SessionCache
                {
                    private readonly Dictionary<string, InferenceSession> _sessions = new();
                    private ChatClient? _chat;

                    public static ChatClient CreateChat(string model) => new ChatClient(model, "sk-test");

                    public void Load(IEnumerable<string> paths)
                    {
                        foreach (var path in paths)
                        {
                            _sessions[path] = new InferenceSession(path);
                        }
                    }

                    public List<InferenceSession> LoadAll(IEnumerable<string> paths)
                    {
                        var list = new List<InferenceSession>();
                        foreach (var path in paths)
                        {
                            list.Add(new InferenceSession(path));
                        }

                        return list;
                    }

                    public void Configure(string model) => _chat = new ChatClient(model, "sk-test");

                    public IEnumerable<ChatClient> PerModel(string[] models)
                    {
                        foreach (var model in models)
                        {
                            yield return new ChatClient(model, "sk-test");
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Main_top_level_statements_and_sub_clients_are_not_reported()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode("""
                using System;
                using OpenAI;

                var openAI = new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
                foreach (var question in args)
                {
                    var chat = openAI.GetChatClient("gpt-4o-mini");
                    Console.WriteLine(chat.CompleteChat(question).Value.Content[0].Text);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Static_Main_is_not_reported()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode("""
                using OpenAI.Embeddings;

                public static class Program
                {
                    public static void Main(string[] args)
                    {
                        var client = new EmbeddingClient("text-embedding-3-small", "sk-test");
                        client.GenerateEmbeddings(args);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Types_with_the_same_simple_name_elsewhere_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                namespace MyCompany.Chat
                {
                    public sealed class ChatClient { public string Ask(string q) => q; }

                    public static class Use
                    {
                        public static void Loop(string[] qs)
                        {
                            foreach (var q in qs)
                            {
                                new ChatClient().Ask(q);
                            }
                        }
                    }
                }
                """)
            .ValidateAsync();
}
