using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
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

        using var manifest = ReadManifest();
        if (manifest is null)
        {
            return false;
        }

        foreach (var model in manifest.RootElement.GetProperty("models").EnumerateArray())
        {
            var source = model.GetProperty("sourcePath").GetString()!;
            var relative = model.GetProperty("outputPath").GetString()!;
            var quantizedRelative = model.GetProperty("quantizedOutputPath").GetString();
            var quantized = model.GetProperty("quantizedInspection");
            var quantizedFits = quantized.ValueKind == JsonValueKind.Object && Fits(quantized, budget);
            Check(source, relative, model.GetProperty("inspection"), budget, quantizedFits ? quantizedRelative : null);
            if (quantized.ValueKind == JsonValueKind.Object)
            {
                Check(source, quantizedRelative!, quantized, budget, null);
            }

            if (budget.RequireQuantized && quantizedRelative is null && IsMostlyFloat32(model.GetProperty("inspection")))
            {
                Report(source, BuildDiagnosticCodes.NotQuantized, budget, $"{relative}: most of its weights are FLOAT (fp32) and the build makes no quantized copy, but EfficiencyKitRequireQuantized is true; set Quantize=\"int8\" (or int4, fp16) on its AiModel item");
            }
        }

        return !Log.HasLoggedErrors;
    }

    // A v1 manifest (an EfficiencyKit update with unchanged models inspects nothing) is read after warning EKB103.
    private JsonDocument? ReadManifest()
    {
        try
        {
            return ContractDocument.Parse(ManifestPath, File.ReadAllText(ManifestPath), InspectAiModels.Schema, message => Log.LogWarning(null, BuildDiagnosticCodes.PreviousFormat, null, ManifestPath, 0, 0, 0, 0, message));
        }
        catch (InvalidDataException exception)
        {
            Log.LogError(null, BuildDiagnosticCodes.InvalidProperty, null, ManifestPath, 0, 0, 0, 0, exception.Message);
            return null;
        }
    }

    private void Check(string source, string relative, JsonElement inspection, ModelBudget budget, string? alternative)
    {
        var hint = alternative is null ? "" : $"; its quantized copy {alternative} is within budget: load that one";
        if (budget.MaxMillijoulesPerInference is { } maxMillijoules)
        {
            var energy = inspection.GetProperty("energy");
            var millijoules = Millijoules(inspection);
            if (millijoules > maxMillijoules)
            {
                var bound = energy.GetProperty("lowerBound").GetBoolean() ? "at least " : "";
                var batch = inspection.GetProperty("cost").GetProperty("batchSize").GetInt64();
                Report(source, BuildDiagnosticCodes.EnergyOverBudget, budget, string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}: {1}{2:G3} mJ per inference (modelled on hardware profile '{3}', batch {4}, range {5:G3}–{6:G3} mJ) exceeds EfficiencyKitMaxMillijoulesPerInference = {7:G} mJ{8}",
                    relative,
                    bound,
                    millijoules,
                    energy.GetProperty("profile").GetString(),
                    batch,
                    energy.GetProperty("minJoules").GetDouble() * 1e3,
                    energy.GetProperty("maxJoules").GetDouble() * 1e3,
                    maxMillijoules,
                    hint));
            }
        }

        if (budget.MaxModelSizeMegabytes is { } maxMegabytes)
        {
            var megabytes = Megabytes(inspection);
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

    private static bool Fits(JsonElement inspection, ModelBudget budget)
        => (budget.MaxMillijoulesPerInference is not { } mj || Millijoules(inspection) <= mj)
            && (budget.MaxModelSizeMegabytes is not { } mb || Megabytes(inspection) <= mb);

    private static double Millijoules(JsonElement inspection) => inspection.GetProperty("energy").GetProperty("joules").GetDouble() * 1e3;

    // File plus external data, in MB (10^6 bytes), as EfficiencyKitMaxModelSizeMB is documented.
    private static double Megabytes(JsonElement inspection)
        => (inspection.GetProperty("fileBytes").GetInt64() + inspection.GetProperty("externalDataBytes").GetInt64()) / 1e6;

    private static bool IsMostlyFloat32(JsonElement inspection)
    {
        var types = inspection.GetProperty("dataTypes").EnumerateArray().ToList();
        var total = types.Sum(t => t.GetProperty("bytes").GetInt64());
        var float32 = types.Where(t => t.GetProperty("dataType").GetString() == "FLOAT").Sum(t => t.GetProperty("bytes").GetInt64());
        return total > 0 && float32 * 2 > total;
    }

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
