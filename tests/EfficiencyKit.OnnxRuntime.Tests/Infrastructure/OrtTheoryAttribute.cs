
namespace EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

/// <summary>A theory that needs the ONNX Runtime library; skipped with the reason where it is absent.</summary>
public sealed class OrtTheoryAttribute : TheoryAttribute
{
    public OrtTheoryAttribute()
    {
        if (OrtTestEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
