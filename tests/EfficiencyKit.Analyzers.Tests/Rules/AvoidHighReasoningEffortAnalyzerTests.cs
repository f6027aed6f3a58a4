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
}
