namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>
/// EK1001 across method boundaries (issue 16, shapes 3, 4, 8 and 9): how often a method runs is read from its callers,
/// clients built by a project's own factories and wrappers count, and constructors of per-request types build per request.
/// </summary>
public sealed class AvoidPerCallClientCreationCallGraphTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<AvoidPerCallClientCreationAnalyzer>();

    // ---- how often a method runs, from its callers ----------------------------------------------------

    [Fact]
    public Task Helper_called_from_a_loop_is_a_warning_naming_the_loop()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using OpenAI.Chat;

                public sealed class TicketTriage
                {
                    public void TriageAll(IEnumerable<string> tickets)
                    {
                        foreach (var ticket in tickets)
                        {
                            Triage(ticket);
                        }
                    }

                    private static string Triage(string ticket)
                    {
                        var client = [|new ChatClient("gpt-4o-mini", "sk-test")|];
                        return client.CompleteChat("Label: " + ticket).Value.Content[0].Text;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every call of 'Triage', called in a 'foreach' loop")
            .ValidateAsync();

    [Fact]
    public Task Helper_reached_from_a_controller_action_through_an_interface_is_per_request()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using OpenAI.Chat;

                public interface IMealPlanner
                {
                    Task<string> PlanAsync(int calories);
                }

                public sealed class MealPlanner : IMealPlanner
                {
                    public async Task<string> PlanAsync(int calories)
                    {
                        var client = [|new ChatClient("gpt-4o-mini", "sk-test")|];
                        ChatCompletion completion = await client.CompleteChatAsync($"Plan meals for {calories} kcal");
                        return completion.Content[0].Text;
                    }
                }

                [ApiController]
                public sealed class PlanController(IMealPlanner planner) : ControllerBase
                {
                    [HttpGet("/plan")]
                    public Task<string> Get(int calories) => planner.PlanAsync(calories);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every call of 'PlanAsync', called on every request handled by 'Get'")
            .ValidateAsync();

    [Fact]
    public Task Method_run_once_from_Main_is_quiet()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode("""
                using System;
                using OpenAI.Chat;

                public static class Program
                {
                    public static void Main()
                    {
                        BlogPostDemo.Run();
                    }
                }

                public static class BlogPostDemo
                {
                    public static void Run()
                    {
                        var client = new ChatClient("gpt-4o-mini", "sk-test");
                        Console.WriteLine(Write(client, "energy"));
                        Console.WriteLine(Write(client, "latency"));
                    }

                    private static string Write(ChatClient client, string topic)
                        => client.CompleteChat("Write about " + topic).Value.Content[0].Text;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Example_method_called_once_from_top_level_statements_is_quiet()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode("""
                using System;
                using Microsoft.ML.OnnxRuntime;

                Classifier.Run("models/intent.onnx");

                static class Classifier
                {
                    public static void Run(string path)
                    {
                        using var session = new InferenceSession(path);
                        Console.WriteLine(session.InputNames.Count);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Method_without_callers_in_the_compilation_stays_info()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.ML.OnnxRuntime;

                public sealed class Scorer
                {
                    public int Score(string path)
                    {
                        using var session = [|new InferenceSession(path)|];
                        return session.InputNames.Count;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "on every call of 'Score' and not kept")
            .ValidateAsync();

    [Fact]
    public Task Disposed_session_passed_to_a_helper_is_still_per_call()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.ML.OnnxRuntime;

                public sealed class LogEmbedder(string modelPath)
                {
                    public Task<List<int>> EmbedAsync(IEnumerable<string> logs) => Task.Run(() =>
                    {
                        using var session = [|new InferenceSession(modelPath)|];
                        var results = new List<int>();
                        foreach (var log in logs)
                        {
                            results.Add(Embed(session, log));
                        }

                        return results;
                    });

                    private static int Embed(InferenceSession session, string text) => session.InputNames.Count + text.Length;
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'InferenceSession' is created on every call of 'EmbedAsync'")
            .ValidateAsync();

    // ---- constructors of types made per request ------------------------------------------------------

    [Fact]
    public Task Client_built_in_the_constructor_of_a_scoped_service_is_per_request()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;
                using OpenAI.Chat;
                using OpenAI.Embeddings;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddScoped<ChatService>();
                builder.Build().Run();

                public sealed class ChatService
                {
                    private readonly ChatClient _chat;
                    private readonly EmbeddingClient _embeddings = [|new EmbeddingClient("text-embedding-3-small", "sk-test")|];

                    public ChatService()
                    {
                        _chat = [|new ChatClient("gpt-4o-mini", "sk-test")|];
                    }

                    public string Ask(string question) => _chat.CompleteChat(question).Value.Content[0].Text;
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "for every 'ChatService', which is created per request")
            .ValidateAsync();

    [Fact]
    public Task Client_built_in_the_constructor_of_a_singleton_is_quiet()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;
                using OpenAI.Chat;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddSingleton<ChatService>();
                builder.Build().Run();

                public sealed class ChatService
                {
                    private readonly ChatClient _chat;

                    public ChatService()
                    {
                        _chat = new ChatClient("gpt-4o-mini", "sk-test");
                    }

                    public string Ask(string question) => _chat.CompleteChat(question).Value.Content[0].Text;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task HttpClient_built_in_a_controller_constructor_is_per_request()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                [ApiController]
                public sealed class AskController : ControllerBase
                {
                    private readonly HttpClient _http;

                    public AskController()
                    {
                        _http = [|new HttpClient()|];
                    }

                    [HttpGet("/ask")]
                    public Task<string> Ask(string prompt) => _http.GetStringAsync("http://localhost:11434/api/generate?prompt=" + prompt);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "for every 'AskController', which is created per request")
            .ValidateAsync();

    // ---- a field replaced per call -------------------------------------------------------------------

    [Fact]
    public Task Field_replaced_with_a_new_HttpClient_on_every_request_is_reported_and_a_guarded_one_is_not()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public sealed class OllamaGateway
                {
                    private HttpClient _client = new HttpClient();
                    private HttpClient? _lazy;

                    public async Task<string> SendAsync(string prompt)
                    {
                        _client = [|new HttpClient()|];
                        var response = await _client.PostAsync("http://localhost:11434/api/generate", new StringContent(prompt));
                        return await response.Content.ReadAsStringAsync();
                    }

                    public Task<string> PingAsync()
                    {
                        if (_lazy is null)
                        {
                            _lazy = new HttpClient();
                        }

                        return _lazy.GetStringAsync("http://localhost:11434/api/tags");
                    }
                }

                [ApiController]
                public sealed class PromptController(OllamaGateway gateway) : ControllerBase
                {
                    [HttpPost("/prompt")]
                    public async Task<string> Post(string prompt) => await gateway.SendAsync(prompt) + await gateway.PingAsync();
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "replaces the previous one on every call of 'SendAsync'")
            .ValidateAsync();

    // ---- a project's own factories and wrappers ------------------------------------------------------

    [Fact]
    public Task Kernel_from_a_factory_helper_is_reported_at_the_factory_and_at_the_call_per_request()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.SemanticKernel;

                public sealed class KernelFactory
                {
                    public Kernel GetKernel()
                    {
                        IKernelBuilder builder = Kernel.CreateBuilder();
                        builder.AddOpenAIChatCompletion("gpt-4o-mini", "sk-test");
                        Kernel kernel = [|builder.Build()|];
                        return kernel;
                    }
                }

                [ApiController]
                public sealed class ChatController(KernelFactory factory) : ControllerBase
                {
                    [HttpPost("/chat")]
                    public async Task<string> Chat(string message)
                    {
                        Kernel kernel = [|factory.GetKernel()|];
                        var answer = await kernel.InvokePromptAsync(message);
                        return answer.ToString();
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'Kernel'")
            .ValidateAsync();

    [Fact]
    public Task Factory_whose_result_is_kept_in_a_field_is_quiet()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Net.Http;

                public static class HttpClients
                {
                    public static HttpClient Create(string baseAddress)
                    {
                        var handler = new HttpClientHandler();
                        return new HttpClient(handler) { BaseAddress = new System.Uri(baseAddress) };
                    }
                }

                public sealed class OllamaService
                {
                    private readonly HttpClient _client = HttpClients.Create("http://localhost:11434");

                    public string Tags() => _client.GetStringAsync("/api/tags").Result;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task HttpClient_from_a_factory_helper_per_call_is_reported_at_the_call()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Net.Http;
                using System.Threading.Tasks;

                public static class HttpClients
                {
                    public static HttpClient Create(string baseAddress)
                    {
                        var handler = new HttpClientHandler();
                        return [|new HttpClient(handler) { BaseAddress = new System.Uri(baseAddress) }|];
                    }
                }

                public sealed class SamplingService
                {
                    public async Task<string> CompleteAsync(string prompt)
                    {
                        using var client = [|HttpClients.Create("http://localhost:11434")|];
                        var response = await client.PostAsync("/api/chat", new StringContent(prompt));
                        return await response.Content.ReadAsStringAsync();
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'HttpClient'")
            .ValidateAsync();

    [Fact]
    public Task A_project_wrapper_that_creates_an_HttpClient_in_its_constructor_counts_as_a_client()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Threading.Tasks;

                public sealed class Ollama
                {
                    private readonly HttpClient _client;

                    public Ollama()
                    {
                        _client = new HttpClient();
                    }

                    public Task<string> SendAsync(string prompt) => _client.GetStringAsync("http://localhost:11434/api/generate?p=" + prompt);
                }

                public static class Batch
                {
                    public static async Task RunAsync(IEnumerable<string> prompts)
                    {
                        foreach (var prompt in prompts)
                        {
                            var ollama = [|new Ollama()|];
                            await ollama.SendAsync(prompt);
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'Ollama' (its constructor creates a 'HttpClient') is created on every iteration of a 'foreach' loop")
            .ValidateAsync();

    // ---- other clients ------------------------------------------------------------------------------

    [Fact]
    public Task OllamaApiClient_per_item_is_reported_but_not_one_wrapping_a_factory_HttpClient()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System;
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Threading.Tasks;
                using OllamaSharp;

                public sealed class Embedder(IHttpClientFactory httpClients)
                {
                    public async Task EmbedAllAsync(IEnumerable<string> chunks)
                    {
                        foreach (var chunk in chunks)
                        {
                            var ollama = [|new OllamaApiClient(new Uri("http://localhost:11434"), "all-minilm")|];
                            await ollama.EmbedAsync(chunk);
                        }

                        foreach (var chunk in chunks)
                        {
                            var pooled = new OllamaApiClient(httpClients.CreateClient("ollama"), "all-minilm");
                            await pooled.EmbedAsync(chunk);
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'OllamaApiClient' is created on every iteration of a 'foreach' loop")
            .ValidateAsync();

    [Fact]
    public Task GenAI_model_per_prompt_is_reported_but_a_generator_per_prompt_is_not()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.ML.OnnxRuntimeGenAI;

                public static class Phi
                {
                    public static void AnswerAll(IEnumerable<string> prompts, Model shared)
                    {
                        foreach (var prompt in prompts)
                        {
                            using var model = [|new Model("models/phi-3")|];
                            using var tokenizer = [|new Tokenizer(model)|];
                            using var parameters = new GeneratorParams(shared);
                            using var generator = new Generator(shared, parameters);
                            generator.AppendTokenSequences(tokenizer.Encode(prompt));
                        }
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every iteration of a 'foreach' loop")
            .ValidateAsync();

    [Fact]
    public Task Agent_over_a_new_chat_client_per_request_is_reported_at_the_client()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.Agents.AI;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.AI;
                using OpenAI.Chat;

                var app = WebApplication.Create(args);
                app.MapPost("/ask", async (string question) =>
                {
                    AIAgent agent = new ChatClientAgent([|new ChatClient("gpt-4o-mini", "sk-test")|].AsIChatClient(), "You answer briefly.");
                    var response = await agent.RunAsync(question);
                    return response.Text;
                });
                app.Run();
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every request handled by 'MapPost'")
            .ValidateAsync();

    [Fact]
    public Task Prompt_plugin_parsed_from_disk_per_request_is_reported_and_once_at_startup_is_not()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.SemanticKernel;

                var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion("gpt-4o-mini", "sk-test").Build();
                var writer = kernel.ImportPluginFromPromptDirectory("Prompts/Writer");
                var app = WebApplication.Create(args);
                app.MapPost("/summarize", async (string text) =>
                {
                    var plugin = [|kernel.CreatePluginFromPromptDirectory("Prompts/Summarize")|];
                    return (await kernel.InvokeAsync(plugin["Summarize"], new() { ["input"] = text })).ToString() + writer.Name;
                });
                app.Run();
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'KernelPlugin' (parsed from disk by 'CreatePluginFromPromptDirectory') is created on every request handled by 'MapPost'")
            .ValidateAsync();

    [Fact]
    public Task Blazor_component_handler_bound_from_markup_is_per_event()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Components;

                public sealed class Question : ComponentBase
                {
                    private string _answer = "";

                    private async Task SendAsync(string prompt)
                    {
                        using var http = [|new HttpClient()|];
                        _answer = await http.GetStringAsync("http://localhost:11434/api/generate?p=" + prompt);
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "on every UI event handled by 'SendAsync'")
            .ValidateAsync();

    // Azure.AI.OpenAI 1.x's OpenAIClient does not resolve against 2.x (or when the package is not restored): the creation
    // is still a client by its name and the namespace the file imports, and the endpoint handler calls it per request.
    [Fact]
    public Task Client_of_an_unresolved_type_named_like_a_client_of_an_imported_namespace_is_reported()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithAspNetCore()
            .WithSourceCode("""
                using System;
                using System.Threading.Tasks;
                using Azure;
                using Azure.AI.OpenAI;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/image/{prompt}", async (HttpContext context, string prompt) => await Images.GenerateAsync(context, prompt));
                app.Run();

                public static class Images
                {
                    public static async Task GenerateAsync(HttpContext context, string prompt)
                    {
                        {|CS0246:OpenAIClient|} client = [|new(new Uri("https://example.openai.azure.com"), new AzureKeyCredential("key"))|];
                        var images = await client.GetImageGenerationsAsync(prompt);
                        await context.Response.WriteAsync(images.ToString()!);
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'OpenAIClient' is created on every call of 'GenerateAsync', called on every request handled by 'MapGet'")
            .ValidateAsync();

    // Near-miss: an unresolved type of the same name from a namespace that is not a client's (the project's own, in
    // another project) is not a client.
    [Fact]
    public Task Unresolved_type_named_like_a_client_without_the_client_namespace_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Contoso.Images;

                public static class Images
                {
                    public static string Generate(string prompt)
                    {
                        var client = new {|CS0246:OpenAIClient|}(new Uri("https://images.contoso.com"));
                        return client.Generate(prompt);
                    }
                }
                """.Replace("using Contoso.Images;", "using {|CS0246:Contoso|}.Images;"))
            .ValidateAsync();

    // Shape 9 for a local function of top-level statements: called once, outside loops and lambdas, it runs once per run;
    // called in a loop it still runs per call.
    [Fact]
    public Task Client_in_a_local_function_that_top_level_statements_call_once_is_not_reported()
        => CreateProjectBuilder()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .WithSourceCode("""
                using OpenAI.Chat;

                if (args.Length > 0)
                {
                    System.Console.WriteLine(Summarize(args[0]));
                }

                foreach (var line in args)
                {
                    System.Console.WriteLine(Translate(line));
                }

                string Summarize(string text)
                {
                    var client = new ChatClient("gpt-4o-mini", "sk-test");
                    return client.CompleteChat(text).Value.Content[0].Text;
                }

                string Translate(string text)
                {
                    var client = [|new ChatClient("gpt-4o-mini", "sk-test")|];
                    return client.CompleteChat(text).Value.Content[0].Text;
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'ChatClient' is created on every call of 'Translate' and not kept")
            .ValidateAsync();
}
