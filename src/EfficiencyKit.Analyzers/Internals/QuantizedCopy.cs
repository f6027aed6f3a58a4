namespace EfficiencyKit.Analyzers.Internals;

/// <summary>A quantized copy of a model the build writes or found beside it: its output-relative path and its weights' precision.</summary>
internal sealed class QuantizedCopy(string path, QuantizedPrecision precision)
{
    /// <summary>Path relative to the output folder, with '/' separators, e.g. "models/intent.int4.onnx".</summary>
    public string Path { get; } = path;

    public QuantizedPrecision Precision { get; } = precision;

    /// <summary>
    /// The precision of a copy from the build's Quantize value when it names one, else from the file name: the suffixes the
    /// build looks for beside a model (".int8.onnx", ".quant.onnx", "_quantized.onnx", ".uint8.onnx", ".fp16.onnx") and the
    /// 4-bit names Python pipelines and model hubs use (".int4.onnx", "_q4.onnx", "_int4.onnx", "_bnb4.onnx").
    /// </summary>
    public static QuantizedCopy Classify(string path, string? quantize)
    {
        var precision = quantize switch
        {
            "int4" => QuantizedPrecision.Int4,
            "int8" => QuantizedPrecision.Int8,
            "fp16" => QuantizedPrecision.Fp16,
            _ => FromName(path),
        };
        return new QuantizedCopy(path, precision);
    }

    private static QuantizedPrecision FromName(string path)
    {
        var name = path.Substring(path.LastIndexOf('/') + 1).ToLowerInvariant();
        if (name.EndsWith(".int4.onnx", StringComparison.Ordinal) || name.EndsWith("_int4.onnx", StringComparison.Ordinal)
            || name.EndsWith("_q4.onnx", StringComparison.Ordinal) || name.EndsWith("_bnb4.onnx", StringComparison.Ordinal))
        {
            return QuantizedPrecision.Int4;
        }

        return name.EndsWith(".fp16.onnx", StringComparison.Ordinal) || name.EndsWith("_fp16.onnx", StringComparison.Ordinal)
            ? QuantizedPrecision.Fp16
            : QuantizedPrecision.Int8;
    }
}
