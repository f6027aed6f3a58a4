using System.Xml.Linq;

namespace EfficiencyKit.Analyzers.Tests;

public sealed class SampleTwinTests
{
    /// <summary>
    /// samples/TicketTriage.Fixed is exactly what accepting every EfficiencyKit fix in samples/TicketTriage produces
    /// (EK_UPDATE_SAMPLES=1 rewrites it). Every waste in the remote-model sample has a fix, so nothing is by hand.
    /// The sources the fixes leave as they are are not copied: TicketTriage.Fixed.csproj links them from the sample.
    /// </summary>
    [Fact]
    public async Task TicketTriage_fixed_twin_is_what_the_code_fixes_produce()
    {
        var wasteful = Path.Combine(RuleCatalog.RepoRoot, "samples", "TicketTriage");
        var twin = Path.Combine(RuleCatalog.RepoRoot, "samples", "TicketTriage.Fixed");
        var fixedSources = await SampleFixer.ApplyAsync(wasteful, SampleReferences.TicketTriage);
        var changed = fixedSources.Where(source => source.Value != File.ReadAllText(Path.Combine(wasteful, source.Key))).ToList();
        var unchanged = fixedSources.Keys.Except(changed.Select(source => source.Key)).ToList();

        if (Environment.GetEnvironmentVariable("EK_UPDATE_SAMPLES") == "1")
        {
            foreach (var (path, text) in changed)
            {
                File.WriteAllText(Path.Combine(twin, path), text);
            }

            foreach (var path in unchanged)
            {
                File.Delete(Path.Combine(twin, path));
            }
        }

        Assert.Equal(changed.Select(source => source.Key), Directory.GetFiles(twin, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (path, text) in changed)
        {
            Assert.True(text == File.ReadAllText(Path.Combine(twin, path)), $"samples/TicketTriage.Fixed/{path} differs from the fixed samples/TicketTriage/{path}; EK_UPDATE_SAMPLES=1 rewrites it");
        }

        Assert.Equal(unchanged.Select(path => @"..\TicketTriage\" + path), LinkedSources(Path.Combine(twin, "TicketTriage.Fixed.csproj")));
    }

    /// <summary>The Compile items a project names itself (the SDK adds its own folder's sources), in ordinal order.</summary>
    private static string[] LinkedSources(string projectFile) => XDocument.Load(projectFile).Descendants("Compile")
        .SelectMany(item => ((string?)item.Attribute("Include") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        .Order(StringComparer.Ordinal)
        .ToArray();
}
