namespace EfficiencyKit.Onnx.Quantization;

/// <summary>What a model is quantized to.</summary>
public enum QuantizationTarget
{
    /// <summary>Dynamic int8, the ONNX Runtime <c>quantize_dynamic</c> default pattern (per-tensor symmetric int8 weights of MatMuls with constant B).</summary>
    Int8,

    /// <summary>fp16 weights, cast back to fp32 where they are used (halves the file; CPU runtimes compute in fp32).</summary>
    Float16,

    /// <summary>
    /// Block-wise 4-bit weights for ONNX Runtime's <c>com.microsoft</c> <c>MatMulNBits</c> (MatMuls with a constant 2-D B)
    /// and, when asked, <c>GatherBlockQuantized</c> (constant embedding tables), as ORT's <c>MatMulNBitsQuantizer</c> writes them.
    /// Runs in ONNX Runtime only (the operators are not in the ONNX standard).
    /// </summary>
    Int4,
}
