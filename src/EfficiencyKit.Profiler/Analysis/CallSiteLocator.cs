using System;
using System.Collections.Generic;
using System.Linq;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>Finds the call site of a stack: the first user frame from the leaf that is not one of the user's roll-up helpers.</summary>
internal static class CallSiteLocator
{
    /// <summary>The frame-table index of the call site, or null when the stack has no user frame.</summary>
    public static int? FirstUserFrame(IReadOnlyList<int> stack, IReadOnlyList<FrameInfo> frames, AnalysisOptions options)
    {
        foreach (var index in stack)
        {
            var frame = frames[index];
            if (frame.IsUserCode && !options.RollUpMethodPrefixes.Any(prefix => frame.Method.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return index;
            }
        }

        return null;
    }
}
