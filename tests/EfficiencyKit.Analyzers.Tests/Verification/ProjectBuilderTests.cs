using System.Threading.Tasks;
using EfficiencyKit.Analyzers.Rules;
using EfficiencyKit.CodeFixes.Rules;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>The verifier must fail when expectations are wrong; otherwise every rule test could pass vacuously.</summary>
public sealed class ProjectBuilderTests
{
    private const string LoopSource = """
        using OpenAI.Chat;

        public static class Bot
        {
            public static void Many(string[] qs)
            {
                foreach (var q in qs)
                {
                    new ChatClient("gpt-4o-mini", "sk-test").CompleteChat(q);
                }
            }
        }
        """;

    private static ProjectBuilder Create() => new ProjectBuilder()
        .WithAnalyzer<AvoidPerCallClientCreationAnalyzer>()
        .WithCodeFixProvider<AvoidPerCallClientCreationFixer>();

    [Fact]
    public async Task Missing_expected_diagnostic_fails()
    {
        var error = await Assert.ThrowsAsync<VerificationException>(() => Create().WithSourceCode(LoopSource).ValidateAsync());
        Assert.Contains("unexpected EK1001", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnostic_expected_on_the_wrong_span_fails()
    {
        var markup = LoopSource.Replace("new ChatClient(\"gpt-4o-mini\", \"sk-test\")", "new [|ChatClient|](\"gpt-4o-mini\", \"sk-test\")", System.StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<VerificationException>(() => Create().WithSourceCode(markup).ValidateAsync());
        Assert.Contains("missing    EK1001", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Source_that_does_not_compile_fails_with_annotated_errors()
    {
        var error = await Assert.ThrowsAsync<VerificationException>(
            () => Create().WithSourceCode("public class C { void M() { UnknownType x = null; } }").ValidateAsync());
        Assert.Contains("does not compile", error.Message, System.StringComparison.Ordinal);
        Assert.Contains("CS0246", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_fixed_code_fails()
    {
        var markup = LoopSource.Replace("new ChatClient(\"gpt-4o-mini\", \"sk-test\")", "[|new ChatClient(\"gpt-4o-mini\", \"sk-test\")|]", System.StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<VerificationException>(
            () => Create().WithSourceCode(markup).ShouldFixCodeWith(LoopSource).ValidateAsync());
        Assert.Contains("differs from the expected fixed code", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expecting_no_fix_where_one_is_offered_fails()
    {
        var markup = LoopSource.Replace("new ChatClient(\"gpt-4o-mini\", \"sk-test\")", "[|new ChatClient(\"gpt-4o-mini\", \"sk-test\")|]", System.StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<VerificationException>(() => Create().WithSourceCode(markup).ShouldNotOfferFix().ValidateAsync());
        Assert.Contains("Expected no fix", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_expected_severity_fails()
    {
        var markup = LoopSource.Replace("new ChatClient(\"gpt-4o-mini\", \"sk-test\")", "[|new ChatClient(\"gpt-4o-mini\", \"sk-test\")|]", System.StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<VerificationException>(
            () => Create().WithSourceCode(markup).ShouldReport(DiagnosticSeverity.Info).ValidateAsync());
        Assert.Contains("Expected severity Info", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_parser_records_exact_spans_and_rejects_unbalanced_markup()
    {
        var (source, expected) = TestMarkup.Parse("a[|bc|]d{|EK9:e[|f|]|}", 0);
        Assert.Equal("abcdef", source);
        Assert.Collection(
            expected,
            e => Assert.Equal((null, 1, 3), (e.Id, e.Span.Start, e.Span.End)),
            e => Assert.Equal((null, 5, 6), (e.Id, e.Span.Start, e.Span.End)),
            e => Assert.Equal(("EK9", 4, 6), (e.Id, e.Span.Start, e.Span.End)));
        Assert.Throws<System.FormatException>(() => TestMarkup.Parse("a[|b", 0));
        Assert.Throws<System.FormatException>(() => TestMarkup.Parse("a|]b", 0));
        Assert.Throws<System.FormatException>(() => TestMarkup.Parse("[|a|}", 0));
    }
}
