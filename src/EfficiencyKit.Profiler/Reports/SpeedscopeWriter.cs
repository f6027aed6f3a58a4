using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using EfficiencyKit.Profiler.Analysis;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Writes a speedscope "sampled" profile (https://www.speedscope.app/file-format-schema.json) whose weights are
/// millijoules, so the flame graph's widths are energy. The profile name states the unit and the source.
/// </summary>
public static class SpeedscopeWriter
{
    public static void Write(EnergyReport report, IReadOnlyList<WeightedStack> stacks, Stream destination)
    {
        var frames = new List<object>();
        var frameIndex = new Dictionary<(string Method, string Module, string? File, int? Line), int>();
        var samples = new List<int[]>();
        var weights = new List<double>();
        foreach (var stack in stacks.Where(s => s.Joules > 0))
        {
            var indexes = new int[stack.Frames.Count];
            for (var i = 0; i < stack.Frames.Count; i++)
            {
                var frame = stack.Frames[stack.Frames.Count - 1 - i];
                var key = (frame.Method, frame.Module, frame.File, frame.Line);
                if (!frameIndex.TryGetValue(key, out var index))
                {
                    index = frames.Count;
                    frameIndex.Add(key, index);
                    frames.Add(frame.File is null
                        ? new { name = $"{frame.Module}!{frame.Method}" }
                        : new { name = $"{frame.Module}!{frame.Method}", file = frame.File, line = frame.Line });
                }

                indexes[i] = index;
            }

            samples.Add(indexes);
            weights.Add(stack.Joules * 1000);
        }

        var document = new Dictionary<string, object>
        {
            ["$schema"] = "https://www.speedscope.app/file-format-schema.json",
            ["name"] = $"{report.Target.Name} ({report.Target.ProcessId})",
            ["exporter"] = report.Tool,
            ["activeProfileIndex"] = 0,
            ["shared"] = new { frames },
            ["profiles"] = new[]
            {
                new
                {
                    type = "sampled",
                    name = $"Energy in mJ ({report.EnergyOrigin}; {string.Join("; ", report.Sources.Select(s => $"{s.Kind}: {s.Uncertainty}"))})",
                    unit = "none",
                    startValue = 0,
                    endValue = weights.Sum(),
                    samples,
                    weights,
                },
            },
        };
        JsonSerializer.Serialize(destination, document);
    }
}
