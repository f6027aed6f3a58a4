namespace EfficiencyKit.Onnx.Quantization;

/// <summary>How to quantize.</summary>
public sealed record QuantizationOptions
{
    /// <summary>int8 (default) or fp16.</summary>
    public QuantizationTarget Target { get; init; } = QuantizationTarget.Int8;

    /// <summary>
    /// int8 only: store weights in [−64, 64] (7 bits) instead of [−127, 127], ONNX Runtime's <c>reduce_range</c>.
    /// On x86 CPUs without VNNI, ORT's u8s8 kernels add pairs of uint8×int8 products in 16-bit registers
    /// (VPMADDUBSW), which saturate with full-range weights; 7-bit weights cannot saturate. Costs about one bit
    /// of weight precision. Off by default, as in ORT.
    /// </summary>
    public bool ReduceRange { get; init; }
}
