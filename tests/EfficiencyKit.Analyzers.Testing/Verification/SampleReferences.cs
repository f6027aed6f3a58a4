using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>What samples/TicketTriage compiles against, for applying our fixes to it (twin test, sample-savings).</summary>
public static class SampleReferences
{
    public static ImmutableArray<MetadataReference> TicketTriage { get; } = CreateTicketTriage();

    private static ImmutableArray<MetadataReference> CreateTicketTriage()
    {
        var runtime = typeof(EfficiencyKit.Runtime.EnergyScope).Assembly.Location;
        return TestReferences.All
            .Add(MetadataReference.CreateFromFile(runtime))
            // EfficiencyKit.Runtime packs EfficiencyKit.Energy beside itself rather than as a reference.
            .Add(MetadataReference.CreateFromFile(Path.Combine(Path.GetDirectoryName(runtime)!, "EfficiencyKit.Energy.dll")))
            .Add(MetadataReference.CreateFromFile(typeof(StandInOpenAI.OpenAIEndpoint).Assembly.Location));
    }
}
