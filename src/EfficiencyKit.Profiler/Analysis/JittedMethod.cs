using System.Collections.Generic;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>One jitted code version of a method: its code range, name, module and IL-to-native map (mapped entries, sorted by native offset).</summary>
internal sealed record JittedMethod(ulong Start, int Size, string Name, long ModuleId, int Token)
{
    public static IComparer<JittedMethod> StartComparer { get; } = Comparer<JittedMethod>.Create((x, y) => x.Start.CompareTo(y.Start));

    public string? ModulePath { get; init; }

    public (int Il, int Native)[] Map { get; init; } = [];
}
