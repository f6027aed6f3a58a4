namespace EfficiencyKit.Onnx.Tests;

/// <summary>A test that needs Debian's python3-onnx checker; skipped with the reason where it is not installed.</summary>
public sealed class PythonOnnxFactAttribute : FactAttribute
{
    public PythonOnnxFactAttribute()
    {
        if (Oracles.PythonOnnxMissing is { } reason)
        {
            Skip = reason;
        }
    }
}
