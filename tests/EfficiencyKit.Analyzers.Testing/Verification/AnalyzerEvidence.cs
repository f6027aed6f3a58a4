using EfficiencyKit.Build.Evidence;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>
/// The global analyzer config a build hands the analyzers for a dotnet-energy report or a models manifest, made by
/// the MSBuild task's own converter (<see cref="AnalyzerEvidenceWriter"/>), so tests feed what a build would. A
/// document the converter rejects adds nothing, as in a build (where the task also warns).
/// </summary>
public static class AnalyzerEvidence
{
    /// <summary>Where a build writes the config (WriteAnalyzerEvidence, $(IntermediateOutputPath)).</summary>
    public const string ConfigPath = "/src/obj/Debug/net10.0/efficiencykit.evidence.globalconfig";

    public static string ForProfileReport(string reportJson)
    {
        var writer = new AnalyzerEvidenceWriter();
        writer.TryAddProfileReport("report.json", reportJson, _ => { }, out _);
        return writer.ToString();
    }

    public static string ForModelsManifest(string manifestJson)
    {
        var writer = new AnalyzerEvidenceWriter();
        writer.TryAddModelsManifest("efficiencykit.models.json", manifestJson, _ => { }, out _);
        return writer.ToString();
    }
}
