namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class UseSmallerModelAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<UseSmallerModelAnalyzer>()
        .WithCodeFixProvider<UseSmallerModelFixer>();

    [Fact]
    public Task ChatClient_constructor_with_a_large_model()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Clients
                {
                    public static readonly ChatClient Triage = new ChatClient({|EK1202:"gpt-4o"|}, "key");
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'gpt-4o' has a smaller sibling 'gpt-4o-mini'; use it where its quality suffices")
            .ShouldFixCodeWith("""
                using OpenAI.Chat;

                public static class Clients
                {
                    public static readonly ChatClient Triage = new ChatClient("gpt-4o-mini", "key");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Dated_snapshots_and_embedding_clients_from_OpenAIClient()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI;

                public static class Clients
                {
                    public static object Chat(OpenAIClient openAI) => openAI.GetChatClient({|EK1202:"gpt-4o-2024-08-06"|});

                    public static object Embeddings(OpenAIClient openAI) => openAI.GetEmbeddingClient({|EK1202:"text-embedding-3-large"|});
                }
                """)
            .ShouldFixCodeWith("""
                using OpenAI;

                public static class Clients
                {
                    public static object Chat(OpenAIClient openAI) => openAI.GetChatClient("gpt-4o-mini");

                    public static object Embeddings(OpenAIClient openAI) => openAI.GetEmbeddingClient("text-embedding-3-small");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task ExtensionsAI_ModelId_in_options()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;

                public static class Options
                {
                    public static ChatOptions Create() => new ChatOptions { ModelId = {|EK1202:"gpt-4.1"|} };

                    public static void Set(EmbeddingGenerationOptions options) => options.ModelId = {|EK1202:"text-embedding-ada-002"|};
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.Extensions.AI;

                public static class Options
                {
                    public static ChatOptions Create() => new ChatOptions { ModelId = "gpt-4.1-mini" };

                    public static void Set(EmbeddingGenerationOptions options) => options.ModelId = "text-embedding-3-small";
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Project_map_replaces_the_built_in_one()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Clients
                {
                    public static readonly ChatClient Big = new ChatClient("gpt-4o", "key");
                    public static readonly ChatClient Llama = new ChatClient({|EK1202:"llama-3.1-70b"|}, "key");
                }
                """)
            .WithEditorConfig("EK1202.model_map = llama-3.1-70b:llama-3.1-8b")
            .ShouldFixCodeWith("""
                using OpenAI.Chat;

                public static class Clients
                {
                    public static readonly ChatClient Big = new ChatClient("gpt-4o", "key");
                    public static readonly ChatClient Llama = new ChatClient("llama-3.1-8b", "key");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Constant_in_the_same_file_is_reported_at_its_literal_once()
        => CreateProjectBuilder()
            .WithCompilationEndFixes()
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Clients
                {
                    private const string Model = {|EK1202:"gpt-4o"|};

                    public static readonly ChatClient Chat = new ChatClient(Model, "key");
                    public static readonly ChatClient Other = new ChatClient(Model, "key2");
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'gpt-4o' has a smaller sibling 'gpt-4o-mini' (the constant 'Model' reaches 'new ChatClient' at line 7)")
            .ShouldFixCodeWith("""
                using OpenAI.Chat;

                public static class Clients
                {
                    private const string Model = "gpt-4o-mini";

                    public static readonly ChatClient Chat = new ChatClient(Model, "key");
                    public static readonly ChatClient Other = new ChatClient(Model, "key2");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Configuration_fallbacks_are_reported_at_the_literal()
        => CreateProjectBuilder()
            .WithCompilationEndFixes()
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.Extensions.Configuration;
                using OpenAI;

                public sealed class Factory(IConfiguration config, OpenAIClient openAI)
                {
                    private readonly string _embeddingModel = config.GetValue<string>("Ai:Embeddings", {|EK1202:"text-embedding-3-large"|})!;

                    public object Chat() => openAI.GetChatClient(config["Ai:Model"] ?? {|EK1202:"gpt-4o"|});

                    public object Embeddings() => openAI.GetEmbeddingClient(_embeddingModel);

                    public object Reasoning()
                    {
                        var model = config.GetValue<string>("Ai:Reasoning") ?? {|EK1202:"o1"|};
                        return openAI.GetChatClient(model);
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.Extensions.Configuration;
                using OpenAI;

                public sealed class Factory(IConfiguration config, OpenAIClient openAI)
                {
                    private readonly string _embeddingModel = config.GetValue<string>("Ai:Embeddings", "text-embedding-3-small")!;

                    public object Chat() => openAI.GetChatClient(config["Ai:Model"] ?? "gpt-4o-mini");

                    public object Embeddings() => openAI.GetEmbeddingClient(_embeddingModel);

                    public object Reasoning()
                    {
                        var model = config.GetValue<string>("Ai:Reasoning") ?? "o3-mini";
                        return openAI.GetChatClient(model);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Semantic_Kernel_registrations_and_options_defaults()
        => CreateProjectBuilder()
            .WithCompilationEndFixes()
            .WithSourceCode("""
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.SemanticKernel;

                public sealed class AiSettings
                {
                    public string ChatModel { get; set; } = {|EK1202:"gpt-4.1"|};
                }

                public static class Setup
                {
                    public static Kernel Build(string key, AiSettings settings)
                    {
                        var builder = Kernel.CreateBuilder();
                        builder.AddOpenAIChatCompletion(settings.ChatModel, key);
                        return builder.Build();
                    }

                    public static void Register(IServiceCollection services, string key)
                        => services.AddKernel().AddOpenAIChatCompletion({|EK1202:"gpt-4"|}, key);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Small_fallbacks_deployments_and_reassigned_defaults_are_not_reported()
        => CreateProjectBuilder()
            .WithAspNetCore()
            .WithSourceCode("""
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.SemanticKernel;
                using OpenAI;

                public sealed class Factory
                {
                    private string _model = "gpt-4o";
                    private readonly IConfiguration _config;

                    public Factory(IConfiguration config)
                    {
                        _config = config;
                        _model = config["Model"]!;
                    }

                    public object Chat(OpenAIClient openAI) => openAI.GetChatClient(_config["Model"] ?? "gpt-4o-mini");

                    public object Configured(OpenAIClient openAI) => openAI.GetChatClient(_model);

                    public static void Small(IServiceCollection services, string key)
                        => services.AddKernel().AddOpenAIChatCompletion(modelId: "gpt-4o-mini", apiKey: key);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Small_models_deployments_and_run_time_ids_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Azure.AI.OpenAI;
                using OpenAI.Chat;

                public static class Clients
                {
                    public static readonly ChatClient Mini = new ChatClient("gpt-4o-mini", "key");
                    public static readonly ChatClient FromConfig = new ChatClient(Environment.GetEnvironmentVariable("MODEL")!, "key");

                    public static object Azure(AzureOpenAIClient azure) => azure.GetChatClient("gpt-4o");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task EmbeddingClient_constructor_and_options_assignment_later()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;
                using OpenAI.Embeddings;

                public static class Clients
                {
                    public static readonly EmbeddingClient Large = new({|EK1202:"text-embedding-3-large"|}, "key");

                    public static ChatOptions Options()
                    {
                        var options = new ChatOptions();
                        options.ModelId = {|EK1202:"o1"|};
                        return options;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                using Microsoft.Extensions.AI;
                using OpenAI.Embeddings;

                public static class Clients
                {
                    public static readonly EmbeddingClient Large = new("text-embedding-3-small", "key");

                    public static ChatOptions Options()
                    {
                        var options = new ChatOptions();
                        options.ModelId = "o3-mini";
                        return options;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Named_model_argument_in_any_position()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Clients
                {
                    public static readonly ChatClient Chat = new ChatClient(apiKey: "key", model: {|EK1202:"gpt-4-turbo"|});
                }
                """)
            .ShouldReport(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, "'gpt-4-turbo' has a smaller sibling 'gpt-4o-mini'")
            .ShouldFixCodeWith("""
                using OpenAI.Chat;

                public static class Clients
                {
                    public static readonly ChatClient Chat = new ChatClient(apiKey: "key", model: "gpt-4o-mini");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Similar_but_different_ids_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Clients
                {
                    public static readonly ChatClient Audio = new ChatClient("gpt-4o-audio-preview", "key");
                    public static readonly ChatClient Realtime = new ChatClient("gpt-4o-realtime", "key");
                    public static readonly ChatClient Nano = new ChatClient("gpt-4.1-nano", "key");
                    public static readonly ChatClient O3Mini = new ChatClient("o3-mini", "key");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Model_ids_on_unrelated_types_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                public sealed class Settings
                {
                    public string ModelId { get; set; } = "gpt-4o";
                }

                public static class Config
                {
                    public static Settings Create() => new Settings { ModelId = "gpt-4o" };
                    public static string Name => "gpt-4o";
                }
                """)
            .ValidateAsync();
}
