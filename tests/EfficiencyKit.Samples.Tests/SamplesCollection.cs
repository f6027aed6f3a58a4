namespace EfficiencyKit.Samples.Tests;

/// <summary>
/// The sample tests build and run the same apps (the tour rebuilds them): one collection, so that they never run in
/// parallel and compete for the apps' output folders or the machine's cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SamplesCollection
{
    public const string Name = "samples";
}
