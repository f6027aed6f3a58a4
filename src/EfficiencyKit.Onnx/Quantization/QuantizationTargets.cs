using System;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>The names users give <see cref="QuantizationTarget"/> (command line, MSBuild metadata, file suffixes).</summary>
public static class QuantizationTargets
{
    /// <summary>"int8", "int4" or "fp16": the name and the suffix of the written copy (model.int4.onnx).</summary>
    public static string Name(QuantizationTarget target) => target switch
    {
        QuantizationTarget.Int8 => "int8",
        QuantizationTarget.Int4 => "int4",
        QuantizationTarget.Float16 => "fp16",
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown quantization target."),
    };

    /// <summary>The target named <paramref name="name"/> (int8, int4 or fp16, any case), or false.</summary>
    public static bool TryParse(string? name, out QuantizationTarget target)
    {
        foreach (var candidate in new[] { QuantizationTarget.Int8, QuantizationTarget.Int4, QuantizationTarget.Float16 })
        {
            if (string.Equals(name, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                target = candidate;
                return true;
            }
        }

        target = default;
        return false;
    }
}
