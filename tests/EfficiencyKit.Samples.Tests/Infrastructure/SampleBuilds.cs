namespace EfficiencyKit.Samples.Tests.Infrastructure;

/// <summary>
/// Builds the two DocumentSearch apps once, before the collection's first test. Not through project references: the
/// apps restore EfficiencyKit from the package that this project's build packs, so they can only restore after it.
/// </summary>
public sealed class SampleBuilds : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        foreach (var app in new[] { SampleApps.Wasteful, SampleApps.Fixed })
        {
            var build = await SampleApps.BuildAsync(app);
            if (!build.Succeeded)
            {
                throw new InvalidOperationException($"Building samples/{app} failed:\n{build}");
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
