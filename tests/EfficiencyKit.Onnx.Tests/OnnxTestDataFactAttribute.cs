namespace EfficiencyKit.Onnx.Tests;

/// <summary>A test over Debian's libonnx-testdata models; skipped with the reason where the package is absent.</summary>
public sealed class OnnxTestDataFactAttribute : FactAttribute
{
    public OnnxTestDataFactAttribute()
    {
        if (Oracles.TestDataMissing is { } reason)
        {
            Skip = reason;
        }
    }
}
