namespace EfficiencyKit.Onnx.Tests.Ort;

/// <summary>A fact that needs a CPU whose ONNX Runtime int8 kernels cannot saturate (VNNI, or not x86); skipped with the reason elsewhere.</summary>
public sealed class VnniFactAttribute : FactAttribute
{
    public VnniFactAttribute() => Skip = VnniTheoryAttribute.SkipReason;
}
