using System.Collections.Generic;
using System.IO;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>Analyses a collection folder (trace + timeline) into a report; <c>report</c> re-runs this with other options.</summary>
public static class ProfileAnalysis
{
    public static (EnergyReport Report, IReadOnlyList<WeightedStack> Stacks) Analyze(string collectionDirectory, AnalysisOptions options)
    {
        var timelinePath = CollectionFiles.TimelinePath(collectionDirectory);
        var tracePath = CollectionFiles.TracePath(collectionDirectory);
        foreach (var path in new[] { timelinePath, tracePath })
        {
            if (!File.Exists(path))
            {
                throw new ProfilerException($"'{collectionDirectory}' is not a dotnet-energy collection: '{Path.GetFileName(path)}' is missing.");
            }
        }

        return EnergyAttributor.AttributeWithStacks(CollectionTimeline.Load(timelinePath), TraceSampleReader.Read(tracePath), options);
    }
}
