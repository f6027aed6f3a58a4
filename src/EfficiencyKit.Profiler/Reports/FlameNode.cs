using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>A node of the joules-weighted flame graph: a frame on a path from the root, and the joules of the stacks through it.</summary>
internal sealed class FlameNode(string name, bool isUser)
{
    public string Name { get; } = name;

    public bool IsUser { get; } = isUser;

    public double Joules { get; set; }

    public Dictionary<string, FlameNode> Children { get; } = [];
}
