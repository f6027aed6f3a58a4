using System.Collections.Generic;
using EfficiencyKit.Energy.Hardware;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>How to size one inference: batch size, values for other symbolic dimensions, and the hardware to estimate energy on.</summary>
public sealed class InspectionOptions
{
    /// <summary>Value for each input's leading symbolic dimension (the batch), unless <see cref="Dimensions"/> names it. Default 1.</summary>
    public long BatchSize { get; init; } = 1;

    /// <summary>Values for named symbolic dimensions (dim_param), e.g. <c>sequence = 128</c>.</summary>
    public IReadOnlyDictionary<string, long> Dimensions { get; init; } = new Dictionary<string, long>();

    /// <summary>Hardware the energy estimate is for. Default <see cref="HardwareProfiles.CloudVm2Vcpu"/>.</summary>
    public HardwareProfile Profile { get; init; } = HardwareProfiles.CloudVm2Vcpu;
}
