namespace EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

/// <summary>A fact that needs ONNX Runtime and Debian's libonnx-testdata models: skipped, with the reason, when either is missing.</summary>
public sealed class OnnxTestDataFactAttribute : FactAttribute
{
    public OnnxTestDataFactAttribute()
    {
        if (OrtTestEnvironment.TestDataSkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
