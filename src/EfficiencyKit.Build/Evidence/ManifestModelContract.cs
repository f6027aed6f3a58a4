using System.Collections.Generic;

namespace EfficiencyKit.Build.Evidence;

/// <summary>One model of the <see cref="ModelsManifestContract"/>.</summary>
internal sealed class ManifestModelContract
{
    /// <summary>Path relative to the output folder, '/' separators.</summary>
    public string? OutputPath { get; set; }

    /// <summary>The model file in the project.</summary>
    public string? SourcePath { get; set; }

    /// <summary>The AiModel item's Quantize value.</summary>
    public string? Quantize { get; set; }

    /// <summary>The copy the build makes, output-relative; null when none.</summary>
    public string? QuantizedOutputPath { get; set; }

    /// <summary>Quantized files found beside the model, output-relative.</summary>
    public List<string>? QuantizedSiblings { get; set; }

    public ModelInspectionContract? Inspection { get; set; }

    /// <summary>The inspection of the copy the build makes; null when it makes none.</summary>
    public ModelInspectionContract? QuantizedInspection { get; set; }
}
