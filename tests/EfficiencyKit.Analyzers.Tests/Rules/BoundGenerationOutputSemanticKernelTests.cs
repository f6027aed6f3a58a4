namespace EfficiencyKit.Analyzers.Tests.Rules;

/// <summary>EK1301 on Semantic Kernel 1.x calls and on a project's own chat helpers (real package assemblies).</summary>
public sealed class BoundGenerationOutputSemanticKernelTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<BoundGenerationOutputAnalyzer>()
        .WithCodeFixProvider<BoundGenerationOutputFixer>();

    [Fact]
    public Task InvokePromptAsync_without_arguments_is_reported_without_a_fix()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel;

                public static class Translator
                {
                    public static async Task<string> TranslateAsync(Kernel kernel, string text)
                        => (await [|kernel.InvokePromptAsync("Translate to French: " + text)|]).ToString();
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'InvokePromptAsync' sets no output token cap; set 'OpenAIPromptExecutionSettings.MaxTokens' so one answer cannot run to the model's limit")
            .ShouldNotOfferFix()
            .ValidateAsync();

    [Fact]
    public Task Settings_that_carry_only_a_model_id_or_tool_choice_are_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel;

                public static class ChatLoop
                {
                    public static async Task RunAsync(Kernel kernel, string model)
                    {
                        while (Console.ReadLine() is { Length: > 0 } prompt)
                        {
                            var settings = new PromptExecutionSettings { ModelId = model };
                            await foreach (var token in [|kernel.InvokePromptStreamingAsync(prompt, new(settings))|])
                            {
                                Console.Write(token);
                            }

                            var tools = new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
                            Console.WriteLine(await [|kernel.InvokePromptAsync(prompt, new KernelArguments(tools))|]);
                        }
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task OpenAI_settings_without_MaxTokens_get_the_cap_added()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel;
                using Microsoft.SemanticKernel.Connectors.OpenAI;

                public static class Summarizer
                {
                    public static Task<FunctionResult> SummarizeAsync(Kernel kernel, string text)
                        => [|kernel.InvokePromptAsync("Summarize: {{$text}}", new KernelArguments(new OpenAIPromptExecutionSettings { Temperature = 0 }) { ["text"] = text })|];
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "set 'OpenAIPromptExecutionSettings.MaxTokens'")
            .ShouldFixCodeWith("""
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel;
                using Microsoft.SemanticKernel.Connectors.OpenAI;

                public static class Summarizer
                {
                    public static Task<FunctionResult> SummarizeAsync(Kernel kernel, string text)
                        => kernel.InvokePromptAsync("Summarize: {{$text}}", new KernelArguments(new OpenAIPromptExecutionSettings { Temperature = 0, MaxTokens = 1024 }) { ["text"] = text });
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Chat_completion_service_calls_without_a_capped_settings_object_are_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel;
                using Microsoft.SemanticKernel.ChatCompletion;
                using Microsoft.SemanticKernel.Connectors.OpenAI;

                public static class Chat
                {
                    public static async Task RunAsync(IChatCompletionService chat, ChatHistory history, string question)
                    {
                        await foreach (var token in [|chat.GetStreamingChatMessageContentsAsync(history)|])
                        {
                            Console.Write(token);
                        }

                        Console.WriteLine(await [|chat.GetChatMessageContentAsync(question)|]);
                        Console.WriteLine(await chat.GetChatMessageContentAsync(question, new OpenAIPromptExecutionSettings { MaxTokens = 200 }));
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Prompt_function_invoked_without_settings_uses_the_settings_it_was_created_with()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel;
                using Microsoft.SemanticKernel.Connectors.OpenAI;

                public static class Functions
                {
                    public static async Task RunAsync(Kernel kernel, string input)
                    {
                        var capped = kernel.CreateFunctionFromPrompt("Answer: {{$input}}", new OpenAIPromptExecutionSettings { MaxTokens = 200 });
                        var arguments = new KernelArguments();
                        arguments["input"] = input;
                        await capped.InvokeAsync(kernel, arguments);
                        await kernel.InvokeAsync(capped, new() { ["input"] = input });

                        var uncapped = KernelFunctionFactory.CreateFromPrompt("Answer: {{$input}}");
                        await [|uncapped.InvokeAsync(kernel, new() { ["input"] = input })|];
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Capped_and_unknowable_settings_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.SemanticKernel;
                using Microsoft.SemanticKernel.Connectors.OpenAI;

                public static class Capped
                {
                    public static Task<FunctionResult> Inline(Kernel kernel, string prompt)
                        => kernel.InvokePromptAsync(prompt, new(new OpenAIPromptExecutionSettings { MaxTokens = 300 }));

                    public static Task<FunctionResult> ExtensionData(Kernel kernel, string prompt)
                    {
                        var settings = new PromptExecutionSettings { ExtensionData = new Dictionary<string, object> { { "MaxTokens", 1024 } } };
                        return kernel.InvokePromptAsync(prompt, new KernelArguments(settings));
                    }

                    public static Task<FunctionResult> SetLater(Kernel kernel, string prompt)
                    {
                        var settings = new OpenAIPromptExecutionSettings();
                        settings.MaxTokens = 300;
                        return kernel.InvokePromptAsync(prompt, new(settings));
                    }

                    public static Task<FunctionResult> FromParameter(Kernel kernel, string prompt, PromptExecutionSettings settings)
                        => kernel.InvokePromptAsync(prompt, new(settings));

                    public static Task<FunctionResult> SettingsAssignedLater(Kernel kernel, string prompt, IEnumerable<PromptExecutionSettings> configured)
                    {
                        var arguments = new KernelArguments();
                        arguments.ExecutionSettings = new Dictionary<string, PromptExecutionSettings>();
                        return kernel.InvokePromptAsync(prompt, arguments);
                    }

                    public static Task<FunctionResult> ByName(Kernel kernel) => kernel.InvokeAsync("Writer", "Draft");

                    public static Task<FunctionResult> FunctionFromElsewhere(Kernel kernel, KernelFunction function) => function.InvokeAsync(kernel);
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Null_passed_to_a_helpers_cap_parameter_is_reported_at_the_call()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System.Collections.Generic;
                using System.Text.Json;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.Extensions.AI;

                public static class ChatClientHelpers
                {
                    public static async Task<string> AskAsync(this IChatClient client, string system, string user, int? maxOutputTokens = null, CancellationToken cancellationToken = default)
                    {
                        var options = new ChatOptions { MaxOutputTokens = maxOutputTokens };
                        var response = await client.GetResponseAsync([new(ChatRole.System, system), new(ChatRole.User, user)], options, cancellationToken);
                        return response.Text;
                    }

                    public static async Task<T?> AskAsync<T>(this IChatClient client, string system, string user, int? maxOutputTokens = null, CancellationToken cancellationToken = default)
                        => JsonSerializer.Deserialize<T>(await client.AskAsync(system, user, maxOutputTokens, cancellationToken));
                }

                public sealed class Notes(IChatClient client)
                {
                    public Task<string> Short(string text) => client.AskAsync("Summarize.", text, 100);

                    public Task<string> Uncapped(string text) => [|client.AskAsync("Summarize.", text, null)|];

                    public Task<List<string>?> Labels(string text) => [|client.AskAsync<List<string>>("Label.", text, null)|];

                    public Task<string> Defaulted(string text) => [|client.AskAsync("Summarize.", text)|];

                    public Task<string> FromCaller(string text, int? limit) => client.AskAsync("Summarize.", text, limit);
                }
                """)
            .ShouldReport(DiagnosticSeverity.Info, "'AskAsync' sets no output token cap (null for 'maxOutputTokens', which the helper uses as its output cap); set 'maxOutputTokens'")
            .ValidateAsync();
}
