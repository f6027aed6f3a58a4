using System;
using System.Collections.Generic;

namespace EfficiencyKit.Onnx.Inspection;

/// <summary>
/// The values a graph can read: its own, then its outer graphs'. Layered rather than copied, so a crafted model
/// with many If nodes over many values costs time linear in its size.
/// </summary>
internal sealed class ValueScope(ValueScope? parent)
{
    // A null entry hides an outer value of the same name (a subgraph input we know nothing about).
    private readonly Dictionary<string, TensorFacts?> _own = new(StringComparer.Ordinal);

    public TensorFacts? this[string name]
    {
        get => _own.TryGetValue(name, out var facts) ? facts : parent?[name];
        set => _own[name] = value;
    }
}
