namespace EfficiencyKit.Build.Evidence;

/// <summary>The cost estimate of a manifest model: the batch size it assumes.</summary>
internal sealed class InferenceCostContract
{
    public long BatchSize { get; set; }
}
