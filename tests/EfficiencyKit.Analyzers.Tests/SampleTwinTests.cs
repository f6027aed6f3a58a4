using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EfficiencyKit.Analyzers.Tests.Verification;

namespace EfficiencyKit.Analyzers.Tests;

public sealed class SampleTwinTests
{
    /// <summary>
    /// samples/TicketTriage.Fixed is exactly what accepting every EfficiencyKit fix in samples/TicketTriage produces
    /// (EK_UPDATE_SAMPLES=1 rewrites it). Every waste in the remote-model sample has a fix, so nothing is by hand.
    /// </summary>
    [Fact]
    public async Task TicketTriage_fixed_twin_is_what_the_code_fixes_produce()
    {
        var wasteful = Path.Combine(RuleCatalog.RepoRoot, "samples", "TicketTriage");
        var twin = Path.Combine(RuleCatalog.RepoRoot, "samples", "TicketTriage.Fixed");
        var fixedSources = await SampleFixer.ApplyAsync(wasteful, SampleReferences.TicketTriage);

        if (Environment.GetEnvironmentVariable("EK_UPDATE_SAMPLES") == "1")
        {
            foreach (var (path, text) in fixedSources)
            {
                File.WriteAllText(Path.Combine(twin, path), text);
            }
        }

        Assert.Equal(fixedSources.Keys, Directory.GetFiles(twin, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (path, text) in fixedSources)
        {
            Assert.True(text == File.ReadAllText(Path.Combine(twin, path)), $"samples/TicketTriage.Fixed/{path} differs from the fixed samples/TicketTriage/{path}; EK_UPDATE_SAMPLES=1 rewrites it");
        }
    }
}
