using System.Threading.Tasks;
using EfficiencyKit.Analyzers.Rules;
using EfficiencyKit.Analyzers.Tests.Verification;
using EfficiencyKit.CodeFixes.Rules;
using Microsoft.CodeAnalysis;

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
}
