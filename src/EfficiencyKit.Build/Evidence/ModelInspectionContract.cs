using System.Collections.Generic;

namespace EfficiencyKit.Build.Evidence;

/// <summary>The inspection of a manifest model (EfficiencyKit.Onnx's ModelInspectionJson), as far as the analyzers use it.</summary>
internal sealed class ModelInspectionContract
{
    public long FileBytes { get; set; }

    public long ExternalDataBytes { get; set; }

    public List<DataTypeShareContract>? DataTypes { get; set; }

    public InferenceCostContract? Cost { get; set; }

    public EnergyEstimateContract? Energy { get; set; }
}
