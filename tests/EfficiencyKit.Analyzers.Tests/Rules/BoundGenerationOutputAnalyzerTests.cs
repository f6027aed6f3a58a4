namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class BoundGenerationOutputAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<BoundGenerationOutputAnalyzer>()
        .WithCodeFixProvider<BoundGenerationOutputFixer>();

    // ---- no cap: reported, with a fix ----------------------------------------------------------

    [Fact]
    public Task ExtensionsAI_GetResponseAsync_without_options_gets_new_options()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Summarizer
                {
                    public static Task<ChatResponse> SummarizeAsync(IChatClient client, string text)
                        => [|client.GetResponseAsync("Summarize: " + text)|];
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'GetResponseAsync' sets no output token cap; set 'ChatOptions.MaxOutputTokens' so one answer cannot run to the model's limit")
            .ShouldFixCodeWith("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Summarizer
                {
                    public static Task<ChatResponse> SummarizeAsync(IChatClient client, string text)
                        => client.GetResponseAsync("Summarize: " + text, options: new ChatOptions { MaxOutputTokens = 1024 });
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task ExtensionsAI_inline_options_without_a_cap_get_the_cap_added()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Answerer
                {
                    public static Task<ChatResponse> AnswerAsync(IChatClient client, IList<ChatMessage> history)
                        => [|client.GetResponseAsync(history, new ChatOptions { Temperature = 0.2f })|];
                }
                """)
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Answerer
                {
                    public static Task<ChatResponse> AnswerAsync(IChatClient client, IList<ChatMessage> history)
                        => client.GetResponseAsync(history, new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 1024 });
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Options_local_built_in_the_method_without_a_cap_gets_it_in_its_initializer()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using Microsoft.Extensions.AI;

                public static class Streamer
                {
                    public static IAsyncEnumerable<ChatResponseUpdate> Stream(IChatClient client, string prompt)
                    {
                        var options = new ChatOptions();
                        options.Temperature = 0;
                        return [|client.GetStreamingResponseAsync(prompt, options)|];
                    }
                }
                """)
            .WithEditorConfig("EK1301.max_output_tokens = 300")
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using Microsoft.Extensions.AI;

                public static class Streamer
                {
                    public static IAsyncEnumerable<ChatResponseUpdate> Stream(IChatClient client, string prompt)
                    {
                        var options = new ChatOptions { MaxOutputTokens = 300 };
                        options.Temperature = 0;
                        return client.GetStreamingResponseAsync(prompt, options);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task OpenAI_CompleteChat_with_params_messages_becomes_an_array_plus_options()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Triage
                {
                    public static string Classify(ChatClient client, string ticket)
                        => [|client.CompleteChat(new SystemChatMessage("Classify the ticket."), new UserChatMessage(ticket))|].Value.Content[0].Text;
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "set 'ChatCompletionOptions.MaxOutputTokenCount'")
            .ShouldFixCodeWith("""
                using OpenAI.Chat;

                public static class Triage
                {
                    public static string Classify(ChatClient client, string ticket)
                        => client.CompleteChat(new ChatMessage[] { new SystemChatMessage("Classify the ticket."), new UserChatMessage(ticket) }, new ChatCompletionOptions { MaxOutputTokenCount = 1024 }).Value.Content[0].Text;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Explicit_null_options_are_replaced_not_duplicated()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading;
                using Microsoft.Extensions.AI;

                public static class Chat
                {
                    public static IAsyncEnumerable<ChatResponseUpdate> Stream(IChatClient model, List<ChatMessage> history, CancellationToken token)
                        => [|model.GetStreamingResponseAsync(history, null, token)|];
                }
                """)
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using System.Threading;
                using Microsoft.Extensions.AI;

                public static class Chat
                {
                    public static IAsyncEnumerable<ChatResponseUpdate> Stream(IChatClient model, List<ChatMessage> history, CancellationToken token)
                        => model.GetStreamingResponseAsync(history, new ChatOptions { MaxOutputTokens = 1024 }, token);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task A_collection_expression_passed_as_the_params_array_gets_options_added()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Instructions
                {
                    public static ChatCompletion Ask(ChatClient client)
                        => [|client.CompleteChat([new SystemChatMessage("Be brief."), new UserChatMessage("Hi")])|];
                }
                """)
            .ShouldFixCodeWith("""
                using OpenAI.Chat;

                public static class Instructions
                {
                    public static ChatCompletion Ask(ChatClient client)
                        => client.CompleteChat([new SystemChatMessage("Be brief."), new UserChatMessage("Hi")], options: new ChatCompletionOptions { MaxOutputTokenCount = 1024 });
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task OpenAI_CompleteChatAsync_with_a_message_list_gets_options()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using OpenAI.Chat;

                public static class Chat
                {
                    public static async Task<string> ReplyAsync(ChatClient client, List<ChatMessage> messages)
                        => (await [|client.CompleteChatAsync(messages)|]).Value.Content[0].Text;
                }
                """)
            .ShouldFixCodeWith("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using OpenAI.Chat;

                public static class Chat
                {
                    public static async Task<string> ReplyAsync(ChatClient client, List<ChatMessage> messages)
                        => (await client.CompleteChatAsync(messages, options: new ChatCompletionOptions { MaxOutputTokenCount = 1024 })).Value.Content[0].Text;
                }
                """)
            .ValidateAsync();

    // ---- reasoning models: warning -----------------------------------------------------------

    [Fact]
    public Task Reasoning_model_from_the_client_constructor_is_a_warning()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using OpenAI.Chat;

                public static class Planner
                {
                    private static readonly ChatClient s_client = new("o3-mini", "key");

                    public static string Plan(string goal) => [|s_client.CompleteChat(goal)|].Value.Content[0].Text;
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'CompleteChat' sets no output token cap and 'o3-mini' is a reasoning model, whose hidden reasoning tokens count as output")
            .ValidateAsync();

    [Fact]
    public Task Reasoning_model_through_GetChatClient_and_AsIChatClient_is_a_warning()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;
                using OpenAI;

                public static class Agent
                {
                    public static Task<ChatResponse> RunAsync(OpenAIClient openAI, string task, System.Func<OpenAI.Chat.ChatClient, IChatClient> adapt)
                    {
                        var chat = openAI.GetChatClient("gpt-5-mini");
                        return [|adapt(chat).GetResponseAsync(task, new ChatOptions { ModelId = "o4-mini" })|];
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'o4-mini' is a reasoning model")
            .ValidateAsync();

    [Fact]
    public Task Reasoning_model_list_comes_from_editorconfig()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class Agent
                {
                    public static Task<ChatResponse> RunAsync(IChatClient client, string task)
                        => [|client.GetResponseAsync(task, new ChatOptions { ModelId = "o3" })|];
                }
                """)
            .WithEditorConfig("EK1301.reasoning_models = my-thinker")
            .ShouldReport(DiagnosticSeverity.Info)
            .ValidateAsync();

    // ---- capped or unknowable: silent ---------------------------------------------------------

    [Fact]
    public Task Every_way_of_setting_a_cap_is_recognised()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;
                using OpenAI.Chat;

                public static class Capped
                {
                    public static Task<ChatResponse> Inline(IChatClient client, string prompt)
                        => client.GetResponseAsync(prompt, new ChatOptions { MaxOutputTokens = 200 });

                    public static Task<ChatResponse> Later(IChatClient client, string prompt)
                    {
                        var options = new ChatOptions();
                        options.MaxOutputTokens ??= 200;
                        return client.GetResponseAsync(prompt, options);
                    }

                    public static Task<ChatResponse> Raw(IChatClient client, string prompt)
                    {
                        var options = new ChatOptions { AdditionalProperties = new() };
                        options.AdditionalProperties["max_tokens"] = 200;
                        return client.GetResponseAsync(prompt, options);
                    }

                    public static Task<ChatResponse> RawInitializer(IChatClient client, string prompt)
                        => client.GetResponseAsync(prompt, new ChatOptions { AdditionalProperties = new() { ["max_completion_tokens"] = 200 } });

                    public static string OpenAI(ChatClient client, List<OpenAI.Chat.ChatMessage> messages)
                        => client.CompleteChat(messages, new ChatCompletionOptions { MaxOutputTokenCount = 200 }).Value.Content[0].Text;
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Options_from_elsewhere_are_not_judged()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class Assistant(IChatClient client, ChatOptions defaults)
                {
                    private readonly ChatOptions _options = new() { MaxOutputTokens = 500 };

                    public Task<ChatResponse> FromParameter(string prompt, ChatOptions options) => client.GetResponseAsync(prompt, options);

                    public Task<ChatResponse> FromField(string prompt) => client.GetResponseAsync(prompt, _options);

                    public Task<ChatResponse> FromPrimaryConstructor(string prompt) => client.GetResponseAsync(prompt, defaults.Clone());

                    public Task<ChatResponse> Reassigned(string prompt, bool creative)
                    {
                        var options = new ChatOptions();
                        if (creative)
                        {
                            options = defaults;
                        }

                        return client.GetResponseAsync(prompt, options);
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Pipeline_wide_ConfigureOptions_cap_covers_ExtensionsAI_calls()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                // Stands in for Microsoft.Extensions.AI's ChatClientBuilder (not in the test references).
                public sealed class PipelineBuilder
                {
                    public PipelineBuilder ConfigureOptions(Action<ChatOptions> configure) => this;
                }

                public static class Pipeline
                {
                    public static PipelineBuilder Configure(PipelineBuilder builder) => builder.ConfigureOptions(o => o.MaxOutputTokens = 400);

                    public static Task<ChatResponse> AskAsync(IChatClient client, string prompt) => client.GetResponseAsync(prompt);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Wrappers_and_forwarding_overloads_are_not_call_sites()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public sealed class LoggingChatClient(IChatClient inner) : IChatClient
                {
                    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                        => inner.GetResponseAsync(messages, cancellationToken: cancellationToken);

                    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                        => inner.GetStreamingResponseAsync(messages);

                    public object? GetService(System.Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

                    public void Dispose() => inner.Dispose();
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Responses_string_overload_is_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                #pragma warning disable OPENAI001 // ResponsesClient is marked experimental
                using OpenAI.Responses;

                public static class Responder
                {
                    public static object Respond(ResponsesClient client, string input) => [|client.CreateResponse("gpt-4o-mini", input)|];
                }
                """)
            .ShouldNotOfferFix()
            .ValidateAsync();
}
