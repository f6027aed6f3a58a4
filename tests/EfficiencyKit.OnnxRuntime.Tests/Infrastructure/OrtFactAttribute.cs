namespace EfficiencyKit.OnnxRuntime.Tests.Infrastructure;

/// <summary>
/// A fact that needs the ONNX Runtime library: skipped, with the reason, when it is missing. xunit 2 cannot
/// skip from inside a test, so the decision is made when the attribute is created.
/// </summary>
public sealed class OrtFactAttribute : FactAttribute
{
    public OrtFactAttribute()
    {
        if (OrtTestEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
