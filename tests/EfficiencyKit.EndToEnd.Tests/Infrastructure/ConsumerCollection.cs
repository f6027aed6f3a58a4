namespace EfficiencyKit.EndToEnd.Tests.Infrastructure;

/// <summary>Every test class that builds the consumer project joins this collection and shares one restore.</summary>
[CollectionDefinition(Name)]
public sealed class ConsumerCollection : ICollectionFixture<ConsumerProject>
{
    public const string Name = "Consumer project";
}
