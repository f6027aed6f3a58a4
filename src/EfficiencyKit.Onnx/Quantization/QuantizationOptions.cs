namespace EfficiencyKit.Onnx.Quantization;

/// <summary>How to quantize.</summary>
public sealed record QuantizationOptions
{
    /// <summary>int8 (default), fp16 or int4.</summary>
    public QuantizationTarget Target { get; init; } = QuantizationTarget.Int8;

    /// <summary>
    /// int8 only: store weights in [−64, 64] (7 bits) instead of [−127, 127], ONNX Runtime's <c>reduce_range</c>.
    /// On x86 CPUs without VNNI, ORT's u8s8 kernels add pairs of uint8×int8 products in 16-bit registers
    /// (VPMADDUBSW), which saturate with full-range weights; 7-bit weights cannot saturate. Costs about one bit
    /// of weight precision. Off by default, as in ORT.
    /// </summary>
    public bool ReduceRange { get; init; }

    /// <summary>
    /// int4 only: weights per scale, along K for MatMul (along the embedding for Gather): 32 (default), 64 or 128.
    /// Smaller blocks follow the weights more closely and cost more scales (4 bytes per block: +1 bit per weight at 32,
    /// +0.25 at 128).
    /// </summary>
    public int BlockSize { get; init; } = 32;

    /// <summary>
    /// int4 only: symmetric blocks (default; codes −8..7 around zero, no zero-point tensor) or, when false, asymmetric
    /// (codes 0..15 from the block's min to its max with a 4-bit zero point per block), ORT's <c>is_symmetric</c>.
    /// </summary>
    public bool Symmetric { get; init; } = true;

    /// <summary>
    /// int4 only: MatMulNBits' <c>accuracy_level</c>, the arithmetic ORT may use: 0 unset, 1 fp32, 2 fp16, 3 bf16,
    /// 4 int8. Default 4: ORT's CPU kernel then quantizes A to int8 per block and multiplies in integers where MLAS has
    /// that kernel (its x86-64 and ARM64 builds check the CPU at load), and computes in fp32 elsewhere; for fp32 A,
    /// levels 0–3 all compute in fp32 on the CPU.
    /// </summary>
    public int AccuracyLevel { get; init; } = 4;

    /// <summary>
    /// int4 only: also store constant 2-D embedding tables read by <c>Gather</c> (axis 0) in 4 bits, as
    /// <c>com.microsoft</c> <c>GatherBlockQuantized</c>. Off by default, as in ORT's quantizer (whose default
    /// <c>op_types_to_quantize</c> is MatMul only): a looked-up row is used as is, with no sum over K to average
    /// the rounding errors out.
    /// </summary>
    public bool QuantizeEmbeddings { get; init; }
}
