using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using EfficiencyKit.Build.Evidence;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace EfficiencyKit.Build;

/// <summary>
/// Compares every model in the manifest (and the quantized copies the build made) with the budget properties,
/// logging EKB010/EKB011/EKB012 at the model file, each naming the figure, the budget and the hardware profile.
/// Runs on every build, so the warnings stay visible when the models are up to date.
/// </summary>
public sealed class CheckAiModelBudgets : Task
{
    /// <summary>The manifest <see cref="InspectAiModels"/> wrote.</summary>
    [Required]
    public string ManifestPath { get; set; } = "";

    /// <summary>EfficiencyKitHardwareProfile.</summary>
    public string? HardwareProfile { get; set; }

    /// <summary>EfficiencyKitMaxMillijoulesPerInference.</summary>
    public string? MaxMillijoulesPerInference { get; set; }

    /// <summary>EfficiencyKitMaxModelSizeMB.</summary>
    public string? MaxModelSizeMB { get; set; }

    /// <summary>EfficiencyKitRequireQuantized.</summary>
    public string? RequireQuantized { get; set; }

    /// <summary>EfficiencyKitTreatBudgetAsError: errors instead of warnings.</summary>
    public string? TreatBudgetAsError { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var budget = ModelBudget.Parse(HardwareProfile, MaxMillijoulesPerInference, MaxModelSizeMB, RequireQuantized, TreatBudgetAsError, message => Log.LogError(null, BuildDiagnosticCodes.InvalidProperty, null, BuildEngine.ProjectFileOfTaskNode, 0, 0, 0, 0, message));
        if (Log.HasLoggedErrors || !File.Exists(ManifestPath))
        {
            return !Log.HasLoggedErrors;
        }

        // A v1 manifest (an EfficiencyKit update with unchanged models inspects nothing) is read after warning EKB103.
        ModelsManifestContract manifest;
        try
        {
            manifest = ModelsManifestContract.Parse(ManifestPath, File.ReadAllText(ManifestPath), message => Log.LogWarning(null, BuildDiagnosticCodes.PreviousFormat, null, ManifestPath, 0, 0, 0, 0, message));
        }
        catch (InvalidDataException exception)
        {
            Log.LogError(null, BuildDiagnosticCodes.InvalidProperty, null, ManifestPath, 0, 0, 0, 0, exception.Message);
            return false;
        }
        catch (JsonException exception)
        {
            Log.LogWarning(null, BuildDiagnosticCodes.UnreadableManifest, null, ManifestPath, 0, 0, 0, 0, "'{0}' is not a readable models manifest; the model budgets are not checked (delete it to inspect the models again): {1}", ManifestPath, exception.Message);
            return true;
        }

        foreach (var model in (manifest.Models ?? []).Where(model => model?.Inspection?.Energy is not null))
        {
            var source = model.SourcePath!;
            var relative = model.OutputPath!;
            var quantizedRelative = model.QuantizedOutputPath;
            var quantized = model.QuantizedInspection;
            var quantizedFits = quantized?.Energy is not null && Fits(quantized, budget);
            Check(source, relative, model.Inspection!, budget, quantizedFits ? quantizedRelative : null);
            if (quantized?.Energy is not null)
            {
                Check(source, quantizedRelative!, quantized, budget, null);
            }

            if (budget.RequireQuantized && quantizedRelative is null && model.Inspection!.IsMostlyFloat32)
            {
                Report(source, BuildDiagnosticCodes.NotQuantized, budget, $"{relative}: most of its weights are FLOAT (fp32) and the build makes no quantized copy, but EfficiencyKitRequireQuantized is true; set Quantize=\"int8\" (or int4, fp16) on its AiModel item");
            }
        }

        return !Log.HasLoggedErrors;
    }

    private void Check(string source, string relative, ModelInspectionContract inspection, ModelBudget budget, string? alternative)
    {
        var hint = alternative is null ? "" : $"; its quantized copy {alternative} is within budget: load that one";
        if (budget.MaxMillijoulesPerInference is { } maxMillijoules)
        {
            var energy = inspection.Energy!;
            var millijoules = inspection.Millijoules;
            if (millijoules > maxMillijoules)
            {
                var bound = energy.LowerBound ? "at least " : "";
                var batch = inspection.Cost?.BatchSize ?? 0;
                Report(source, BuildDiagnosticCodes.EnergyOverBudget, budget, string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: {1}{2:G3} mJ per inference (modelled on hardware profile '{3}', batch {4}, range {5:G3}–{6:G3} mJ) exceeds EfficiencyKitMaxMillijoulesPerInference = {7:G} mJ{8}",
                    relative,
                    bound,
                    millijoules,
                    energy.Profile,
                    batch,
                    energy.MinJoules * 1e3,
                    energy.MaxJoules * 1e3,
                    maxMillijoules,
                    hint));
            }
        }

        if (budget.MaxModelSizeMegabytes is { } maxMegabytes)
        {
            var megabytes = inspection.Megabytes;
            if (megabytes > maxMegabytes)
            {
                Report(source, BuildDiagnosticCodes.SizeOverBudget, budget, string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: {1:F2} MB (file and external data) exceeds EfficiencyKitMaxModelSizeMB = {2:G} MB (hardware profile '{3}'){4}",
                    relative,
                    megabytes,
                    maxMegabytes,
                    budget.Profile.Name,
                    hint));
            }
        }
    }

    private static bool Fits(ModelInspectionContract inspection, ModelBudget budget)
        => (budget.MaxMillijoulesPerInference is not { } mj || inspection.Millijoules <= mj)
            && (budget.MaxModelSizeMegabytes is not { } mb || inspection.Megabytes <= mb);

    private void Report(string file, string code, ModelBudget budget, string message)
    {
        if (budget.TreatAsError)
        {
            Log.LogError(null, code, null, file, 0, 0, 0, 0, message);
        }
        else
        {
            Log.LogWarning(null, code, null, file, 0, 0, 0, 0, message);
        }
    }
}
