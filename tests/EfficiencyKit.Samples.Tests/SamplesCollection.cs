using EfficiencyKit.Samples.Tests.Infrastructure;

namespace EfficiencyKit.Samples.Tests;

/// <summary>
/// The sample tests build and run the same apps (the tour rebuilds them): one collection, so that they never run in
/// parallel and compete for the apps' output folders or the machine's cores. The apps are built once for all of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SamplesCollection : ICollectionFixture<SampleBuilds>
{
    public const string Name = "samples";
}
