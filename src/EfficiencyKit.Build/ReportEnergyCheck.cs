using System;
using System.IO;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace EfficiencyKit.Build;

/// <summary>
/// Turns a <c>dotnet-energy check --result</c> file into build diagnostics: an error (or warning) per regressed call
/// site at its source file and line (EKB200), per scenario whose total regressed (EKB201) and per energy-source
/// mismatch (EKB202). IDEs and CI annotations then point at the code; <c>-p:ErrorLog=…</c> gives SARIF.
/// </summary>
public sealed class ReportEnergyCheck : Task
{
    /// <summary>The check result (ContractSchemas.EnergyCheck, or its v1 after warning EKB103).</summary>
    [Required]
    public string ResultFile { get; set; } = string.Empty;

    /// <summary>Warnings instead of errors (the build then passes).</summary>
    public bool TreatAsWarning { get; set; }

    public override bool Execute()
    {
        if (!File.Exists(ResultFile))
        {
            Log.LogError(null, BuildDiagnosticCodes.InvalidProperty, null, null, 0, 0, 0, 0, "EfficiencyKitEnergyCheckResult names '{0}', which does not exist: run 'dotnet-energy check --result {0}' first.", ResultFile);
            return false;
        }

        try
        {
            using var document = ContractDocument.Parse(ResultFile, File.ReadAllText(ResultFile), ContractSchemas.EnergyCheck, message => Log.LogWarning(null, BuildDiagnosticCodes.PreviousFormat, null, ResultFile, 0, 0, 0, 0, message));
            var root = document.RootElement;
            foreach (var scenario in root.GetProperty("scenarios").EnumerateArray())
            {
                var name = scenario.GetProperty("scenario").GetString();
                if (scenario.TryGetProperty("sourceMismatch", out var mismatch) && mismatch.ValueKind == JsonValueKind.String)
                {
                    Report(BuildDiagnosticCodes.EnergySourceMismatch, ResultFile, 0, $"Energy budget scenario '{name}' was not compared: {mismatch.GetString()}");
                }

                if (scenario.TryGetProperty("total", out var total) && total.ValueKind == JsonValueKind.Object && total.GetProperty("regressed").GetBoolean())
                {
                    Report(BuildDiagnosticCodes.ScenarioOverBudget, ResultFile, 0, $"Energy budget scenario '{name}' regressed: {total.GetProperty("summary").GetString()}");
                }

                foreach (var site in scenario.GetProperty("callSites").EnumerateArray())
                {
                    if (site.GetProperty("regressed").GetBoolean())
                    {
                        var file = site.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : ResultFile;
                        var line = site.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : 0;
                        Report(BuildDiagnosticCodes.CallSiteOverBudget, file, line, $"{site.GetProperty("name").GetString()} uses more energy than its budget in scenario '{name}': {site.GetProperty("summary").GetString()}");
                    }
                }
            }
        }
        catch (InvalidDataException exception)
        {
            Log.LogError(null, BuildDiagnosticCodes.InvalidProperty, null, ResultFile, 0, 0, 0, 0, exception.Message);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            Log.LogError(null, BuildDiagnosticCodes.InvalidProperty, null, ResultFile, 0, 0, 0, 0, "'{0}' is not a readable dotnet-energy check result: {1}", ResultFile, exception.Message);
        }

        return !Log.HasLoggedErrors;
    }

    private void Report(string code, string file, int line, string message)
    {
        if (TreatAsWarning)
        {
            Log.LogWarning(null, code, null, file, line, 0, 0, 0, message);
        }
        else
        {
            Log.LogError(null, code, null, file, line, 0, 0, 0, message);
        }
    }
}
