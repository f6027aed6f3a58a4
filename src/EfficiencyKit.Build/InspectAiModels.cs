using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using EfficiencyKit.Onnx;
using EfficiencyKit.Onnx.Inspection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace EfficiencyKit.Build;

/// <summary>
/// Inspects every prepared model (and its quantized copy, when the build makes one) and writes the models
/// manifest (schema <see cref="Schema"/>, docs/schemas/models-manifest.schema.json) that the budget check and the
/// analyzers read.
/// </summary>
public sealed class InspectAiModels : Task
{
    /// <summary>The schema identifier of the manifest.</summary>
    public const string Schema = ContractSchemas.ModelsManifest;

    private static readonly string[] s_siblingSuffixes = [".int8.onnx", ".int4.onnx", ".fp16.onnx", ".quant.onnx", "_quantized.onnx", ".uint8.onnx"];

    /// <summary>Prepared models (see <see cref="PrepareAiModels"/>).</summary>
    [Required]
    public ITaskItem[] Models { get; set; } = [];

    /// <summary>Where to write the manifest.</summary>
    [Required]
    public string ManifestPath { get; set; } = "";

    /// <summary>EfficiencyKitHardwareProfile (validated by <see cref="PrepareAiModels"/>).</summary>
    public string? HardwareProfile { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var budget = ModelBudget.Parse(HardwareProfile, null, null, null, null, message => Log.LogError(null, BuildDiagnosticCodes.InvalidProperty, null, BuildEngine.ProjectFileOfTaskNode, 0, 0, 0, 0, message));
        if (Log.HasLoggedErrors)
        {
            return false;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("hardwareProfile", budget.Profile.Name);
            json.WriteArray("models", Models, (json, model) => WriteModel(json, model, budget));
            json.WriteEndObject();
        }

        if (Log.HasLoggedErrors)
        {
            // No manifest: the next build inspects again instead of trusting a partial one.
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ManifestPath))!);
        var temporary = ManifestPath + ".tmp";
        File.WriteAllBytes(temporary, stream.ToArray());
        if (File.Exists(ManifestPath))
        {
            File.Delete(ManifestPath);
        }

        File.Move(temporary, ManifestPath);
        Log.LogMessage(MessageImportance.Normal, $"EfficiencyKit: inspected {Models.Length} model(s) into {ManifestPath}");
        return true;
    }

    private void WriteModel(Utf8JsonWriter json, ITaskItem model, ModelBudget budget)
    {
        var relative = model.GetMetadata("OutputRelativePath");
        var batch = long.Parse(model.GetMetadata("BatchSize"), CultureInfo.InvariantCulture);
        var options = new InspectionOptions { BatchSize = batch, Profile = budget.Profile };
        ModelInspection inspection;
        try
        {
            inspection = ModelInspector.Inspect(model.ItemSpec, options);
        }
        catch (Exception e) when (e is OnnxFormatException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, BuildDiagnosticCodes.UnreadableModel, null, model.ItemSpec, 0, 0, 0, 0, e.Message);
            return;
        }

        json.WriteStartObject();
        json.WriteString("outputPath", relative);
        json.WriteString("sourcePath", model.ItemSpec);
        json.WriteNumber("batchSize", batch);
        json.WriteString("quantize", model.GetMetadata("Quantize"));
        var quantizedOutput = model.GetMetadata("QuantizedOutputPath");
        json.WriteString("quantizedOutputPath", quantizedOutput.Length == 0 ? null : PrepareAiModels.QuantizedName(relative, model.GetMetadata("Quantize")));
        json.WriteStringArray("quantizedSiblings", Siblings(model.ItemSpec, relative));
        json.WritePropertyName("inspection");
        ModelInspectionJson.Write(json, inspection);
        json.WritePropertyName("quantizedInspection");
        if (quantizedOutput.Length > 0 && File.Exists(quantizedOutput))
        {
            ModelInspectionJson.Write(json, ModelInspector.Inspect(quantizedOutput, options));
        }
        else
        {
            json.WriteNullValue();
        }

        json.WriteEndObject();
    }

    // Quantized files already beside the source (e.g. exported by a Python pipeline), by output-relative path.
    private static IEnumerable<string> Siblings(string source, string relative)
    {
        var directory = Path.GetDirectoryName(source)!;
        var stem = Path.GetFileNameWithoutExtension(source);
        var relativeDirectory = relative.Contains("/") ? relative.Substring(0, relative.LastIndexOf('/') + 1) : "";
        foreach (var suffix in s_siblingSuffixes)
        {
            if (File.Exists(Path.Combine(directory, stem + suffix)))
            {
                yield return relativeDirectory + stem + suffix;
            }
        }
    }
}
