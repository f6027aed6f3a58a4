using System.Collections.Generic;
using System.IO;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>Analyses a collection folder (timeline + trace chunks) into a report; <c>report</c> re-runs this with other options.</summary>
public static class ProfileAnalysis
{
    public static (EnergyReport Report, IReadOnlyList<WeightedStack> Stacks) Analyze(string collectionDirectory, AnalysisOptions options)
    {
        var timelinePath = CollectionFiles.TimelinePath(collectionDirectory);
        if (!File.Exists(timelinePath))
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"'{collectionDirectory}' is not a dotnet-energy collection: '{CollectionFiles.Timeline}' is missing.");
        }

        var timeline = CollectionTimeline.Load(timelinePath);
        if (timeline.Chunks.Count == 0)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"'{timelinePath}' names no trace chunk: the collection ended before its first EventPipe session started.");
        }

        return EnergyAttributor.AttributeWithStacks(timeline, TraceSampleReader.ReadChunks(collectionDirectory, timeline), options);
    }
}
