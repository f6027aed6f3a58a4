using System.Collections.Generic;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>What <see cref="ModelInspector"/> found in one model.</summary>
/// <param name="Path">Full path of the model file.</param>
/// <param name="FileBytes">Size of the model file (external data files not included).</param>
/// <param name="ExternalDataBytes">Bytes of tensors stored in external data files.</param>
/// <param name="IrVersion">ONNX IR version.</param>
/// <param name="Opsets">Imported operator sets.</param>
/// <param name="Producer">Producer name and version, when recorded.</param>
/// <param name="Inputs">Graph inputs (initializers excluded).</param>
/// <param name="Outputs">Graph outputs.</param>
/// <param name="ParameterCount">Elements of floating-point and 8/4-bit integer stored tensors (weights, biases, scales, zero points); int32/int64/bool tensors are shapes and indices and are not counted.</param>
/// <param name="WeightBytes">Bytes of all stored tensors.</param>
/// <param name="DataTypes">Stored tensors by data type, largest first.</param>
/// <param name="NodeCount">Nodes, subgraphs included.</param>
/// <param name="Operators">Operator histogram, most used first.</param>
/// <param name="Cost">FLOPs and bytes per inference.</param>
/// <param name="Energy">Modelled joules per inference on the chosen hardware profile (a lower bound when <see cref="InferenceCost.IsComplete"/> is false).</param>
public sealed record ModelInspection(
    string Path,
    long FileBytes,
    long ExternalDataBytes,
    long IrVersion,
    IReadOnlyList<OnnxOpsetImport> Opsets,
    string? Producer,
    IReadOnlyList<ModelValue> Inputs,
    IReadOnlyList<ModelValue> Outputs,
    long ParameterCount,
    long WeightBytes,
    IReadOnlyList<DataTypeShare> DataTypes,
    int NodeCount,
    IReadOnlyList<OperatorCount> Operators,
    InferenceCost Cost,
    ComputeEnergyEstimate Energy);
