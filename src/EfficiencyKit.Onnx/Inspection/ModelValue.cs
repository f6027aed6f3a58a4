using System.Collections.Generic;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>A graph input or output: name, element type and dimensions as written in the model ("batch", "256", "?").</summary>
public sealed record ModelValue(string Name, string ElementType, IReadOnlyList<string> Shape);
