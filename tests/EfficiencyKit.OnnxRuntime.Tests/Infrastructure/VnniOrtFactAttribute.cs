namespace EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

/// <summary>A fact that needs ONNX Runtime on a CPU whose int8 kernels cannot saturate (VNNI, or not x86); skipped with the reason elsewhere.</summary>
public sealed class VnniOrtFactAttribute : FactAttribute
{
    public VnniOrtFactAttribute() => Skip = VnniOrtTheoryAttribute.SkipReason;
}
