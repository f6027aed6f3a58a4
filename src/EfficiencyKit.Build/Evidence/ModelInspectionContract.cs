using System.Collections.Generic;
using System.Linq;

namespace EfficiencyKit.Build.Evidence;

/// <summary>The inspection of a manifest model (EfficiencyKit.Onnx's ModelInspectionJson), as far as the budget check and the analyzers use it.</summary>
internal sealed class ModelInspectionContract
{
    public long FileBytes { get; set; }

    public long ExternalDataBytes { get; set; }

    public List<DataTypeShareContract>? DataTypes { get; set; }

    public InferenceCostContract? Cost { get; set; }

    public EnergyEstimateContract? Energy { get; set; }

    /// <summary>Modelled millijoules per inference.</summary>
    public double Millijoules => (Energy?.Joules ?? 0) * 1e3;

    /// <summary>File plus external data, in MB (10^6 bytes), as EfficiencyKitMaxModelSizeMB is documented.</summary>
    public double Megabytes => (FileBytes + ExternalDataBytes) / 1e6;

    /// <summary>Whether most of the weights' bytes are FLOAT (fp32).</summary>
    public bool IsMostlyFloat32
    {
        get
        {
            var types = DataTypes ?? [];
            var total = types.Sum(type => type.Bytes);
            var float32 = types.Where(type => type.DataType == "FLOAT").Sum(type => type.Bytes);
            return total > 0 && float32 * 2 > total;
        }
    }
}
