namespace EfficiencyKit.Onnx.Quantization;

/// <summary>What a model is quantized to.</summary>
public enum QuantizationTarget
{
    /// <summary>Dynamic int8, the ONNX Runtime <c>quantize_dynamic</c> default pattern (per-tensor symmetric int8 weights of MatMuls with constant B).</summary>
    Int8,

    /// <summary>fp16 weights, cast back to fp32 where they are used (halves the file; CPU runtimes compute in fp32).</summary>
    Float16,
}
