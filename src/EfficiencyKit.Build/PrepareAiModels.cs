using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace EfficiencyKit.Build;

/// <summary>
/// Validates the AiModel items and the budget properties, and resolves where each model lands in the output
/// (and where its quantized copy goes), so the later targets can be incremental item by item.
/// </summary>
public sealed class PrepareAiModels : Task
{
    /// <summary>The AiModel items (metadata: Quantize, BatchSize, ReduceRange, BlockSize, Asymmetric, AccuracyLevel, QuantizeEmbeddings, Link, TargetPath).</summary>
    [Required]
    public ITaskItem[] Models { get; set; } = [];

    /// <summary>The project's folder; relative item paths are resolved against it.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = "";

    /// <summary>$(OutDir), absolute or relative to the project.</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>EfficiencyKitQuantize: the default for items without Quantize metadata (none, int8, int4, fp16).</summary>
    public string? DefaultQuantize { get; set; }

    /// <summary>EfficiencyKitBatchSize: the default for items without BatchSize metadata.</summary>
    public string? DefaultBatchSize { get; set; }

    /// <summary>EfficiencyKitHardwareProfile.</summary>
    public string? HardwareProfile { get; set; }

    /// <summary>EfficiencyKitMaxMillijoulesPerInference.</summary>
    public string? MaxMillijoulesPerInference { get; set; }

    /// <summary>EfficiencyKitMaxModelSizeMB.</summary>
    public string? MaxModelSizeMB { get; set; }

    /// <summary>EfficiencyKitRequireQuantized.</summary>
    public string? RequireQuantized { get; set; }

    /// <summary>EfficiencyKitTreatBudgetAsError.</summary>
    public string? TreatBudgetAsError { get; set; }

    /// <summary>One item per distinct model file, with FullPath, OutputRelativePath, Quantize, BatchSize, ReduceRange, the int4 settings and QuantizedOutputPath metadata.</summary>
    [Output]
    public ITaskItem[] PreparedModels { get; private set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        ModelBudget.Parse(HardwareProfile, MaxMillijoulesPerInference, MaxModelSizeMB, RequireQuantized, TreatBudgetAsError, PropertyError);
        var defaultQuantize = string.IsNullOrWhiteSpace(DefaultQuantize) ? "none" : DefaultQuantize!.Trim().ToLowerInvariant();
        if (defaultQuantize is not ("none" or "int8" or "int4" or "fp16"))
        {
            PropertyError($"EfficiencyKitQuantize is '{DefaultQuantize}'; expected none, int8, int4 or fp16.");
        }

        var defaultBatch = ParseBatch(DefaultBatchSize, 1, value => PropertyError($"EfficiencyKitBatchSize is '{value}'; expected a positive whole number."));
        var output = Path.GetFullPath(Path.Combine(ProjectDirectory, OutputDirectory));
        var prepared = new List<ITaskItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in Models)
        {
            var fullPath = Path.GetFullPath(Path.Combine(ProjectDirectory, model.ItemSpec));
            if (!seen.Add(fullPath))
            {
                continue;
            }

            if (!File.Exists(fullPath))
            {
                Log.LogError(null, BuildDiagnosticCodes.MissingModel, null, BuildEngine.ProjectFileOfTaskNode, 0, 0, 0, 0, $"AiModel '{model.ItemSpec}' does not exist ({fullPath}).");
                continue;
            }

            var quantize = Metadata(model, "Quantize")?.ToLowerInvariant() ?? defaultQuantize;
            if (quantize is not ("none" or "int8" or "int4" or "fp16"))
            {
                MetadataError(model, $"AiModel '{model.ItemSpec}' has Quantize=\"{Metadata(model, "Quantize")}\"; expected none, int8, int4 or fp16.");
                continue;
            }

            var batch = ParseBatch(Metadata(model, "BatchSize"), defaultBatch, value => MetadataError(model, $"AiModel '{model.ItemSpec}' has BatchSize=\"{value}\"; expected a positive whole number."));
            var reduceRange = Metadata(model, "ReduceRange");
            if (reduceRange is not null && !bool.TryParse(reduceRange, out _))
            {
                MetadataError(model, $"AiModel '{model.ItemSpec}' has ReduceRange=\"{reduceRange}\"; expected true or false.");
                continue;
            }

            if (!Int4Settings(model, out var blockSize, out var asymmetric, out var accuracyLevel, out var embeddings))
            {
                continue;
            }

            var relative = OutputRelativePath(model, fullPath);
            var item = new TaskItem(fullPath);
            item.SetMetadata("OutputRelativePath", relative);
            item.SetMetadata("Quantize", quantize);
            item.SetMetadata("BatchSize", batch.ToString(CultureInfo.InvariantCulture));
            item.SetMetadata("ReduceRange", reduceRange ?? "false");
            item.SetMetadata("BlockSize", blockSize);
            item.SetMetadata("Asymmetric", asymmetric);
            item.SetMetadata("AccuracyLevel", accuracyLevel);
            item.SetMetadata("QuantizeEmbeddings", embeddings);
            item.SetMetadata("QuantizedOutputPath", quantize == "none" ? "" : Path.Combine(output, QuantizedName(relative, quantize)));
            prepared.Add(item);
        }

        PreparedModels = [.. prepared];
        return !Log.HasLoggedErrors;
    }

    /// <summary>"models/intent.onnx" → "models/intent.int8.onnx".</summary>
    internal static string QuantizedName(string relativePath, string quantize)
        => Path.ChangeExtension(relativePath, "." + quantize + ".onnx");

    // Where the copy lands in the output, as MSBuild's copy-to-output does it: Link, TargetPath, else the path
    // relative to the project (files outside the project land at the root).
    private string OutputRelativePath(ITaskItem model, string fullPath)
    {
        var relative = Metadata(model, "TargetPath") ?? Metadata(model, "Link");
        if (relative is null)
        {
            var project = Path.GetFullPath(ProjectDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            relative = fullPath.StartsWith(project, StringComparison.Ordinal) ? fullPath.Substring(project.Length) : Path.GetFileName(fullPath);
        }

        return relative.Replace('\\', '/');
    }

    // BlockSize 32/64/128 (default 32), Asymmetric, AccuracyLevel 0-4 (default 4), QuantizeEmbeddings: checked on every
    // item, so a typo is an error before the model is ever switched to int4.
    private bool Int4Settings(ITaskItem model, out string blockSize, out string asymmetric, out string accuracyLevel, out string embeddings)
    {
        blockSize = Metadata(model, "BlockSize") ?? "32";
        asymmetric = Metadata(model, "Asymmetric") ?? "false";
        accuracyLevel = Metadata(model, "AccuracyLevel") ?? "4";
        embeddings = Metadata(model, "QuantizeEmbeddings") ?? "false";
        var problem = blockSize is not ("32" or "64" or "128") ? $"BlockSize=\"{blockSize}\"; expected 32, 64 or 128"
            : !bool.TryParse(asymmetric, out _) ? $"Asymmetric=\"{asymmetric}\"; expected true or false"
            : accuracyLevel is not ("0" or "1" or "2" or "3" or "4") ? $"AccuracyLevel=\"{accuracyLevel}\"; expected 0 to 4"
            : !bool.TryParse(embeddings, out _) ? $"QuantizeEmbeddings=\"{embeddings}\"; expected true or false"
            : null;
        if (problem is not null)
        {
            MetadataError(model, $"AiModel '{model.ItemSpec}' has {problem}.");
        }

        return problem is null;
    }

    private static string? Metadata(ITaskItem item, string name)
    {
        var value = item.GetMetadata(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static long ParseBatch(string? value, long fallback, Action<string> error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var batch) && batch > 0)
        {
            return batch;
        }

        error(value!);
        return fallback;
    }

    private void PropertyError(string message)
        => Log.LogError(null, BuildDiagnosticCodes.InvalidProperty, null, BuildEngine.ProjectFileOfTaskNode, 0, 0, 0, 0, message);

    private void MetadataError(ITaskItem model, string message)
        => Log.LogError(null, BuildDiagnosticCodes.InvalidMetadata, null, BuildEngine.ProjectFileOfTaskNode, 0, 0, 0, 0, message);
}
