using System.Reflection;
using System.Text.RegularExpressions;

namespace EfficiencyKit.Analyzers.Tests;

public sealed class RuleDocumentationTests
{
    [Fact]
    public void Every_descriptor_has_a_well_formed_id_a_known_category_and_its_help_link()
    {
        var categories = typeof(RuleCategories).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(RuleCatalog.Analyzers);
        foreach (var descriptor in RuleCatalog.Analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            Assert.Matches(new Regex("^EK[1-9][0-9]{3}$"), descriptor.Id);
            Assert.Contains(descriptor.Category, categories);
            Assert.Equal(RuleIdentifiers.GetHelpUri(descriptor.Id), descriptor.HelpLinkUri);
            Assert.EndsWith($"/docs/rules/{descriptor.Id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Every_message_ends_with_the_placeholder_for_the_profile_evidence()
    {
        // ProfiledDiagnostic appends one argument after the rule's own: the last placeholder, at the very end.
        foreach (var descriptor in RuleCatalog.Analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            var format = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var highest = Regex.Matches(format, @"\{(\d+)(:[^}]*)?\}").Max(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(format.EndsWith($"{{{highest}}}", StringComparison.Ordinal), $"{descriptor.Id}: '{format}' must end with {{{highest}}}, the profile evidence");
        }
    }

    [Theory]
    [InlineData("minimal")]
    [InlineData("strict")]
    public void Every_severity_preset_sets_every_rule_once(string mode)
    {
        var config = RuleCatalog.ReadRepoFile(Path.Combine("build", "config", $"EfficiencyKit.{mode}.globalconfig"));
        var ids = Regex.Matches(config, @"^dotnet_diagnostic\.(EK\d{4})\.severity = (none|silent|suggestion|warning|error)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        // A rule may have two descriptors of one id (EK1202 reports a literal in another member at compilation end).
        var rules = RuleCatalog.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(rules, ids.Order(StringComparer.Ordinal));
        Assert.Contains("is_global = true", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_has_a_page_that_names_it_and_documents_every_option()
    {
        foreach (var analyzer in RuleCatalog.Analyzers)
        {
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                var path = Path.Combine("docs", "rules", descriptor.Id + ".md");
                Assert.True(File.Exists(Path.Combine(RuleCatalog.RepoRoot, path)), $"{path} is missing");
                var page = RuleCatalog.ReadRepoFile(path);
                Assert.StartsWith($"# {descriptor.Id}: {descriptor.Title}\n", page, StringComparison.Ordinal);
                foreach (var key in RuleCatalog.OptionKeys(analyzer))
                {
                    Assert.True(page.Contains(key, StringComparison.Ordinal), $"{path} does not document the option '{key}'");
                }
            }
        }
    }

    [Fact]
    public void Every_rule_with_a_code_fix_says_what_the_fix_measured()
    {
        foreach (var id in RuleCatalog.Fixers.SelectMany(f => f.FixableDiagnosticIds).Distinct())
        {
            var page = RuleCatalog.ReadRepoFile(Path.Combine("docs", "rules", id + ".md"));
            Assert.True(page.Contains("\n## Measured\n", StringComparison.Ordinal), $"docs/rules/{id}.md has a code fix but no '## Measured' section (tests/EfficiencyKit.Benchmarks sample-savings)");
        }
    }

    [Fact]
    public void Every_option_a_rule_page_documents_exists()
    {
        var keys = RuleCatalog.Analyzers.SelectMany(RuleCatalog.OptionKeys).ToHashSet(StringComparer.Ordinal);
        foreach (var id in RuleCatalog.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct())
        {
            var page = RuleCatalog.ReadRepoFile(Path.Combine("docs", "rules", id + ".md"));
            var options = page[page.IndexOf("## Options", StringComparison.Ordinal)..];
            options = options.IndexOf("\n## ", 3, StringComparison.Ordinal) is var next and > 0 ? options[..next] : options;
            foreach (Match match in Regex.Matches(options, @"`((?:dotnet_code_quality\.)?EK\d{4}\.[a-z_]+)`"))
            {
                var key = match.Groups[1].Value.Replace("dotnet_code_quality.", string.Empty, StringComparison.Ordinal);
                Assert.True(keys.Contains(key), $"docs/rules/{id}.md documents '{key}', which no analyzer reads");
            }
        }
    }

    [Fact]
    public void The_id_ranges_table_names_every_category_and_no_other()
    {
        var categories = typeof(RuleCategories).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal);
        var page = RuleCatalog.ReadRepoFile(Path.Combine("docs", "rules", "README.md"));
        var ranges = Regex.Matches(page, @"^\| EK\d{4}–EK\d{4} \| `([^`]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(categories, ranges);
    }

    [Fact]
    public void Every_rule_page_links_its_analyzer_code_fix_and_tests()
    {
        foreach (var analyzer in RuleCatalog.Analyzers)
        {
            foreach (var id in analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())
            {
                var page = Path.Combine("docs", "rules", id + ".md");
                var linked = RelativeLinks(RuleCatalog.ReadRepoFile(page))
                    .Select(link => Path.GetFullPath(Path.Combine(RuleCatalog.RepoRoot, "docs", "rules", link)))
                    .ToHashSet(StringComparer.Ordinal);
                var expected = new List<string> { SourceFile(Path.Combine("src", "EfficiencyKit.Analyzers"), analyzer.GetType().Name) };
                expected.AddRange(RuleCatalog.Fixers
                    .Where(f => f.FixableDiagnosticIds.Contains(id))
                    .Select(f => SourceFile(Path.Combine("src", "EfficiencyKit.CodeFixes"), f.GetType().Name)));
                expected.Add(SourceFile(Path.Combine("tests", "EfficiencyKit.Analyzers.Tests"), analyzer.GetType().Name + "Tests"));
                foreach (var file in expected)
                {
                    Assert.True(linked.Contains(file), $"{page} does not link {Path.GetRelativePath(RuleCatalog.RepoRoot, file)}");
                }
            }
        }
    }

    [Fact]
    public void Every_relative_link_in_the_docs_points_to_a_file_that_exists()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(RuleCatalog.RepoRoot, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(RuleCatalog.RepoRoot, "README.md"));
        foreach (var page in pages)
        {
            var relativePage = Path.GetRelativePath(RuleCatalog.RepoRoot, page);
            foreach (var link in RelativeLinks(RuleCatalog.ReadRepoFile(relativePage)))
            {
                var target = Path.Combine(Path.GetDirectoryName(page)!, link);
                Assert.True(File.Exists(target) || Directory.Exists(target), $"{relativePage} links '{link}', which does not exist");
            }
        }
    }

    [Fact]
    public void The_docs_index_links_every_page()
    {
        var docs = Path.Combine(RuleCatalog.RepoRoot, "docs");
        var linked = RelativeLinks(RuleCatalog.ReadRepoFile(Path.Combine("docs", "README.md")))
            .Select(link => Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(docs, link))))
            .ToHashSet(StringComparer.Ordinal);
        var pages = Directory.EnumerateFiles(docs, "*.md")
            .Where(page => Path.GetFileName(page) != "README.md")
            .Append(Path.Combine(docs, "rules", "README.md"))
            .Append(Path.Combine(docs, "schemas"))
            .Select(Path.GetFullPath);
        foreach (var page in pages)
        {
            Assert.True(linked.Contains(page), $"docs/README.md does not link {Path.GetRelativePath(docs, page)}");
        }
    }

    [Theory]
    [InlineData("README.md", "docs/rules/")]
    [InlineData("docs/rules/README.md", "")]
    public void Rules_table_is_in_sync_with_the_analyzers(string file, string docsPrefix)
    {
        var text = RuleCatalog.ReadRepoFile(file);
        var begin = text.IndexOf(RuleCatalog.TableBegin, StringComparison.Ordinal);
        var end = text.IndexOf(RuleCatalog.TableEnd, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{file} has no generated rules table markers");
        var current = text[begin..(end + RuleCatalog.TableEnd.Length)];
        var expected = RuleCatalog.GenerateTable(docsPrefix);
        if (current != expected && Environment.GetEnvironmentVariable("EK_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(Path.Combine(RuleCatalog.RepoRoot, file), text.Replace(current, expected, StringComparison.Ordinal));
            return;
        }

        Assert.True(current == expected, $"The rules table in {file} is stale; run the tests with EK_UPDATE_DOCS=1 to regenerate it. Expected:\n{expected}");
    }

    /// <summary>The targets of a page's Markdown links that are paths in the repository (no scheme, no bare #anchor), without their #anchor; code spans and blocks are skipped.</summary>
    private static IEnumerable<string> RelativeLinks(string markdown)
    {
        var prose = Regex.Replace(markdown, @"```.*?```|`[^`\n]*`", string.Empty, RegexOptions.Singleline);
        return Regex.Matches(prose, @"\]\(([^)\s]+)\)")
            .Select(m => m.Groups[1].Value)
            .Where(link => !link.Contains("://", StringComparison.Ordinal) && !link.StartsWith('#') && !link.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(link => link.Split('#')[0]);
    }

    /// <summary>The one file named after <paramref name="typeName"/> below <paramref name="folder"/> (one type per file, named after it).</summary>
    private static string SourceFile(string folder, string typeName)
    {
        var matches = Directory.GetFiles(Path.Combine(RuleCatalog.RepoRoot, folder), typeName + ".cs", SearchOption.AllDirectories);
        Assert.True(matches.Length == 1, $"expected one {typeName}.cs below {folder}, found {matches.Length}");
        return Path.GetFullPath(matches[0]);
    }
}
