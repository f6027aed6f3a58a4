namespace EfficiencyKit.Analyzers.Internals;

/// <summary>The weight precision of a quantized model copy.</summary>
internal enum QuantizedPrecision
{
    /// <summary>4-bit block-quantized MatMul weights (ONNX Runtime's com.microsoft::MatMulNBits).</summary>
    Int4,

    /// <summary>8-bit integer weights (dynamic quantization: DynamicQuantizeLinear + MatMulInteger).</summary>
    Int8,

    /// <summary>16-bit floating-point weights.</summary>
    Fp16,
}
