using System;
using System.Globalization;
using System.IO;
using System.Linq;
using EfficiencyKit.Onnx;
using EfficiencyKit.Onnx.Quantization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace EfficiencyKit.Build;

/// <summary>Writes the quantized copy of one prepared model (the target batches over items, so unchanged models are skipped).</summary>
public sealed class QuantizeAiModel : Task
{
    /// <summary>A prepared model (see <see cref="PrepareAiModels"/>).</summary>
    [Required]
    public ITaskItem? Model { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var model = Model!;
        var source = model.ItemSpec;
        var destination = model.GetMetadata("QuantizedOutputPath");
        QuantizationTargets.TryParse(model.GetMetadata("Quantize"), out var target);
        var options = new QuantizationOptions
        {
            Target = target,
            ReduceRange = IsTrue(model, "ReduceRange"),
            BlockSize = int.Parse(model.GetMetadata("BlockSize"), CultureInfo.InvariantCulture),
            Symmetric = !IsTrue(model, "Asymmetric"),
            AccuracyLevel = int.Parse(model.GetMetadata("AccuracyLevel"), CultureInfo.InvariantCulture),
            QuantizeEmbeddings = IsTrue(model, "QuantizeEmbeddings"),
        };
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var report = ModelQuantizer.Quantize(source, destination, options);
            var rewritten = report.Nodes.Count(n => n.Rewritten);
            var maxError = report.Tensors.Count == 0 ? 0 : report.Tensors.Max(t => t.MaxAbsError);
            Log.LogMessage(
                MessageImportance.High,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "EfficiencyKit: {0} -> {1} ({2}{3}): {4:N0} -> {5:N0} bytes ({6:P1}), {7} node(s) rewritten, {8} skipped, largest weight error {9:G3}",
                    model.GetMetadata("OutputRelativePath"),
                    destination,
                    QuantizationTargets.Name(target),
                    Settings(options),
                    report.BytesBefore,
                    report.BytesAfter,
                    report.SizeRatio,
                    rewritten,
                    report.Nodes.Count - rewritten,
                    maxError));
            foreach (var skipped in report.Nodes.Where(n => !n.Rewritten))
            {
                Log.LogMessage(MessageImportance.Normal, $"EfficiencyKit: {model.GetMetadata("OutputRelativePath")}: skipped {skipped.Node} ({skipped.Operator}): {skipped.Detail}");
            }

            foreach (var warning in report.Warnings)
            {
                Log.LogWarning(null, BuildDiagnosticCodes.QuantizationNote, null, source, 0, 0, 0, 0, $"{model.GetMetadata("OutputRelativePath")}: {warning} (ReduceRange=\"true\" on the AiModel item)");
            }
        }
        catch (Exception e) when (e is OnnxFormatException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, BuildDiagnosticCodes.UnreadableModel, null, source, 0, 0, 0, 0, $"cannot quantize: {e.Message}");
        }

        return !Log.HasLoggedErrors;
    }

    private static bool IsTrue(ITaskItem model, string name) => string.Equals(model.GetMetadata(name), "true", StringComparison.OrdinalIgnoreCase);

    private static string Settings(QuantizationOptions options) => options.Target switch
    {
        QuantizationTarget.Int8 when options.ReduceRange => ", 7-bit weights",
        QuantizationTarget.Int4 => string.Format(
            CultureInfo.InvariantCulture,
            ", block {0}, {1}, accuracy_level {2}{3}",
            options.BlockSize,
            options.Symmetric ? "symmetric" : "asymmetric",
            options.AccuracyLevel,
            options.QuantizeEmbeddings ? ", embeddings too" : ""),
        _ => "",
    };
}
