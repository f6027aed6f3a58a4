using EfficiencyKit.Onnx.Quantization;

namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>A theory that needs a CPU whose ONNX Runtime int8 kernels cannot saturate (VNNI, or not x86); skipped with the reason elsewhere.</summary>
public sealed class VnniTheoryAttribute : TheoryAttribute
{
    public VnniTheoryAttribute() => Skip = SkipReason;

    internal static string? SkipReason => CpuFeatures.Int8MayOverflowWithoutVnni()
        ? "this x86 CPU has no VNNI: ONNX Runtime's u8s8 kernels saturate 16-bit pair sums with full-range int8 weights (the reduced-range tests cover it)"
        : null;
}
