namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class AvoidHighReasoningEffortAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<AvoidHighReasoningEffortAnalyzer>()
        .WithCodeFixProvider<AvoidHighReasoningEffortFixer>();

    [Fact]
    public Task OpenAI_chat_high_effort_becomes_low()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001 // reasoning effort is marked experimental
                using OpenAI.Chat;

                public static class Options
                {
                    public static ChatCompletionOptions Create() => new() { ReasoningEffortLevel = [|ChatReasoningEffortLevel.High|] };
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "Reasoning effort 'High' lets the model spend many hidden reasoning tokens on every call; use Low or Medium where it is enough")
            .ShouldFixCodeWith("""
                #pragma warning disable OPENAI001 // reasoning effort is marked experimental
                using OpenAI.Chat;

                public static class Options
                {
                    public static ChatCompletionOptions Create() => new() { ReasoningEffortLevel = ChatReasoningEffortLevel.Low };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Responses_reasoning_options_assignment()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001
                using OpenAI.Responses;

                public static class Options
                {
                    public static void Configure(ResponseReasoningOptions reasoning) => reasoning.ReasoningEffortLevel = [|ResponseReasoningEffortLevel.High|];
                }
                """)
            .ShouldFixCodeWith("""
                #pragma warning disable OPENAI001
                using OpenAI.Responses;

                public static class Options
                {
                    public static void Configure(ResponseReasoningOptions reasoning) => reasoning.ReasoningEffortLevel = ResponseReasoningEffortLevel.Low;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task ExtensionsAI_reasoning_options_effort()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable MEAI001
                using Microsoft.Extensions.AI;

                public static class Options
                {
                    public static ChatOptions Create() => new() { Reasoning = new ReasoningOptions { Effort = [|ReasoningEffort.High|] } };
                }
                """)
            .ShouldFixCodeWith("""
                #pragma warning disable MEAI001
                using Microsoft.Extensions.AI;

                public static class Options
                {
                    public static ChatOptions Create() => new() { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Lower_efforts_and_run_time_values_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001
                using OpenAI.Chat;

                public static class Options
                {
                    public static ChatCompletionOptions Low() => new() { ReasoningEffortLevel = ChatReasoningEffortLevel.Low };

                    public static ChatCompletionOptions Medium() => new() { ReasoningEffortLevel = ChatReasoningEffortLevel.Medium };

                    public static ChatCompletionOptions FromConfig(ChatReasoningEffortLevel level) => new() { ReasoningEffortLevel = level };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Assignment_after_creation_is_reported_and_fixed_to_medium_with_the_second_action()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001
                using OpenAI.Chat;

                public static class Options
                {
                    public static ChatCompletionOptions Create()
                    {
                        var options = new ChatCompletionOptions();
                        options.ReasoningEffortLevel = [|ChatReasoningEffortLevel.High|];
                        return options;
                    }
                }
                """)
            .ShouldFixCodeWith("""
                #pragma warning disable OPENAI001
                using OpenAI.Chat;

                public static class Options
                {
                    public static ChatCompletionOptions Create()
                    {
                        var options = new ChatCompletionOptions();
                        options.ReasoningEffortLevel = ChatReasoningEffortLevel.Low;
                        return options;
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Several_sites_in_one_file_are_all_fixed()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001
                using OpenAI.Chat;
                using OpenAI.Responses;

                public static class Options
                {
                    public static ChatCompletionOptions Chat() => new() { ReasoningEffortLevel = [|ChatReasoningEffortLevel.High|] };

                    public static ResponseReasoningOptions Response() => new() { ReasoningEffortLevel = [|ResponseReasoningEffortLevel.High|] };
                }
                """)
            .ShouldFixCodeWith("""
                #pragma warning disable OPENAI001
                using OpenAI.Chat;
                using OpenAI.Responses;

                public static class Options
                {
                    public static ChatCompletionOptions Chat() => new() { ReasoningEffortLevel = ChatReasoningEffortLevel.Low };

                    public static ResponseReasoningOptions Response() => new() { ReasoningEffortLevel = ResponseReasoningEffortLevel.Low };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Effort_properties_of_unrelated_types_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                public enum Level { Low, High }

                public sealed class Plan
                {
                    public Level Effort { get; set; }
                    public Level ReasoningEffortLevel { get; set; }
                }

                public static class Plans
                {
                    public static Plan Create() => new() { Effort = Level.High, ReasoningEffortLevel = Level.High };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Reading_the_effort_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001
                using OpenAI.Chat;

                public static class Options
                {
                    public static bool IsHigh(ChatCompletionOptions options) => options.ReasoningEffortLevel == ChatReasoningEffortLevel.High;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Minimal_effort_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001
                using OpenAI.Chat;

                public static class Options
                {
                    public static ChatCompletionOptions Create() => new() { ReasoningEffortLevel = ChatReasoningEffortLevel.Minimal };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Suppressed_with_pragma_is_silent()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001
                using OpenAI.Chat;

                public static class Options
                {
                #pragma warning disable EK1302 // the planner needs High (evaluation 2026-10)
                    public static ChatCompletionOptions Planner() => new() { ReasoningEffortLevel = ChatReasoningEffortLevel.High };
                #pragma warning restore EK1302
                }
                """)
            .ValidateAsync();

    // ---- reasoning models without an effort setting ---------------------------------------------

    [Fact]
    public Task Reasoning_model_chosen_in_a_service_that_never_sets_an_effort()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI;
                using OpenAI.Chat;

                public sealed class Classifier(OpenAIClient client)
                {
                    private readonly ChatClient _chat = client.GetChatClient([|"o3-mini"|]);

                    public string Classify(string text)
                        => _chat.CompleteChat([new UserChatMessage(text)], new ChatCompletionOptions { MaxOutputTokenCount = 20 }).Value.Content[0].Text;
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'o3-mini' is a reasoning model and nothing in 'Classifier' sets its reasoning effort, so every call runs at the provider's default (medium); set Low where it is enough")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Reasoning_model_in_ChatOptions_and_new_ChatClient()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;
                using OpenAI.Chat;

                public static class Models
                {
                    public static ChatOptions Options() => new() { ModelId = [|"gpt-5-mini"|], MaxOutputTokens = 400 };

                    public static ChatClient Client(string key) => new([|"o4-mini"|], key);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task An_effort_set_anywhere_in_the_type_and_non_reasoning_models_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001 // reasoning effort is marked experimental
                using OpenAI;
                using OpenAI.Chat;

                public sealed class Tuned(OpenAIClient client)
                {
                    private readonly ChatClient _chat = client.GetChatClient("o3");

                    private static ChatCompletionOptions Options() => new() { ReasoningEffortLevel = ChatReasoningEffortLevel.Low };
                }

                public sealed class Plain(OpenAIClient client)
                {
                    private readonly ChatClient _mini = client.GetChatClient("gpt-4o-mini");
                    private readonly ChatClient _chatTuned = client.GetChatClient("gpt-5-chat-latest");
                    private readonly ChatClient _configured = client.GetChatClient(System.Environment.GetEnvironmentVariable("MODEL") ?? "gpt-4.1");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Azure_deployment_names_are_not_model_ids()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.ClientModel;
                using Azure.AI.OpenAI;
                using OpenAI.Chat;

                public sealed class Deployed(AzureOpenAIClient client)
                {
                    private readonly ChatClient _chat = client.GetChatClient("o3");
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Configured_reasoning_models_replace_the_default_list()
        => CreateProjectBuilder()
            .WithEditorConfig("EK1302.reasoning_models = deepseek-r1, my-reasoner")
            .WithSourceCode("""
                using Microsoft.Extensions.AI;

                public static class Models
                {
                    public static ChatOptions Local() => new() { ModelId = [|"deepseek-r1:14b"|] };
                    public static ChatOptions Exact() => new() { ModelId = [|"my-reasoner"|] };
                    public static ChatOptions NotListed() => new() { ModelId = "o3" };
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Semantic_Kernel_high_effort_string_in_execution_settings_becomes_low()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable SKEXP0010
                using Microsoft.SemanticKernel;
                using Microsoft.SemanticKernel.Connectors.OpenAI;

                public static class Agents
                {
                    public static KernelArguments Create() => new(new OpenAIPromptExecutionSettings { ReasoningEffort = [|"high"|] });

                    public static KernelArguments Quick() => new(new OpenAIPromptExecutionSettings { ReasoningEffort = "low" });
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "Reasoning effort 'high' in the execution settings lets the model spend many hidden reasoning tokens on every call")
            .ShouldFixCodeWith("""
                #pragma warning disable SKEXP0010
                using Microsoft.SemanticKernel;
                using Microsoft.SemanticKernel.Connectors.OpenAI;

                public static class Agents
                {
                    public static KernelArguments Create() => new(new OpenAIPromptExecutionSettings { ReasoningEffort = "low" });

                    public static KernelArguments Quick() => new(new OpenAIPromptExecutionSettings { ReasoningEffort = "low" });
                }
                """)
            .ValidateAsync();
}
