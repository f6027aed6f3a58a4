using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

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
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Create().WithSourceCode(LoopSource).ValidateAsync());
        Assert.Contains("Mismatch between number of diagnostics returned", error.Message, StringComparison.Ordinal);
        Assert.Contains("warning EK1001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnostic_expected_on_the_wrong_span_fails()
    {
        var markup = LoopSource.Replace("new ChatClient(\"gpt-4o-mini\", \"sk-test\")", "new [|ChatClient|](\"gpt-4o-mini\", \"sk-test\")", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Create().WithSourceCode(markup).ValidateAsync());
        Assert.Contains("Expected diagnostic to start at column \"17\" was actually at column \"13\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Source_that_does_not_compile_fails_with_annotated_errors()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Create().WithSourceCode("public class C { void M() { UnknownType x = null; } }").ValidateAsync());
        Assert.Contains("Mismatch between number of diagnostics returned", error.Message, StringComparison.Ordinal);
        Assert.Contains("error CS0246", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_fixed_code_fails()
    {
        var markup = LoopSource.Replace("new ChatClient(\"gpt-4o-mini\", \"sk-test\")", "[|new ChatClient(\"gpt-4o-mini\", \"sk-test\")|]", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Create().WithSourceCode(markup).ShouldFixCodeWith(LoopSource).ValidateAsync());
        Assert.Contains("content of '/src/Test0.cs' did not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expecting_no_fix_where_one_is_offered_fails()
    {
        var markup = LoopSource.Replace("new ChatClient(\"gpt-4o-mini\", \"sk-test\")", "[|new ChatClient(\"gpt-4o-mini\", \"sk-test\")|]", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Create().WithSourceCode(markup).ShouldNotOfferFix().ValidateAsync());
        Assert.Contains("Context: Iterative code fix application", error.Message, StringComparison.Ordinal);
        Assert.Contains("+            s_chatClient.CompleteChat(q);", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_expected_severity_fails()
    {
        var markup = LoopSource.Replace("new ChatClient(\"gpt-4o-mini\", \"sk-test\")", "[|new ChatClient(\"gpt-4o-mini\", \"sk-test\")|]", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Create().WithSourceCode(markup).ShouldReport(DiagnosticSeverity.Info).ValidateAsync());
        Assert.Contains("Expected severity Info", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_records_exact_spans_and_rejects_unbalanced_markup()
    {
        // The framework's parser reads the markup of every rule test; nested and named spans must come out exact.
        TestFileMarkupParser.GetSpans("a[|bc|]d{|EK9:e[|f|]|}", out var source, out ImmutableDictionary<string, ImmutableArray<TextSpan>> spans);
        Assert.Equal("abcdef", source);
        Assert.Equal([new TextSpan(1, 2), new TextSpan(5, 1)], spans[string.Empty].ToArray());
        Assert.Equal([new TextSpan(4, 2)], spans["EK9"].ToArray());
        Assert.ThrowsAny<ArgumentException>(() => TestFileMarkupParser.GetSpans("a[|b", out _, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _));
        Assert.ThrowsAny<ArgumentException>(() => TestFileMarkupParser.GetSpans("a|]b", out _, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _));


        // Unlike the parser this verifier used to have, the framework's closes '[|' with '|}' as well: still one exact span.
        TestFileMarkupParser.GetSpans("[|a|}", out var lenient, out ImmutableDictionary<string, ImmutableArray<TextSpan>> lenientSpans);
        Assert.Equal("a", lenient);
        Assert.Equal([new TextSpan(0, 1)], lenientSpans[string.Empty].ToArray());
    }
}
