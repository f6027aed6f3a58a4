namespace EfficiencyKit.Samples.Tests.Infrastructure;

/// <summary>A fact that runs the sample apps: skipped, with the reason, where ONNX Runtime is missing.</summary>
public sealed class SampleRunFactAttribute : FactAttribute
{
    public SampleRunFactAttribute()
    {
        if (SampleApps.RunSkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
