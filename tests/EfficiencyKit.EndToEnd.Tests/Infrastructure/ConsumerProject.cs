using System.Collections.Concurrent;

namespace EfficiencyKit.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A user's project outside the repository (so none of our Directory.*.props apply) that restores the
/// freshly packed EfficiencyKit package. It is restored once and shared by every end-to-end test
/// (xunit collection fixture); each distinct set of build arguments is built once and cached.
/// </summary>
public sealed class ConsumerProject : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BuildResult>>> _builds = new();
    private readonly SemaphoreSlim _buildLock = new(1, 1);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "efficiencykit-e2e-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        var template = Path.Combine(AppContext.BaseDirectory, "ConsumerTemplate");
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.GetFiles(template))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }

        // Not ~/.nuget/packages: OpenAI stays cached between runs, and EfficiencyKit is removed so that the
        // package restored is always the one just packed (its version does not change per build).
        var packagesCache = PackagedArtifacts.ConsumerPackagesDirectory;
        var cachedEfficiencyKit = Path.Combine(packagesCache, "efficiencykit");
        if (System.IO.Directory.Exists(cachedEfficiencyKit))
        {
            System.IO.Directory.Delete(cachedEfficiencyKit, recursive: true);
        }

        await File.WriteAllTextAsync(Path.Combine(Directory, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <EfficiencyKitVersion>{PackagedArtifacts.Version}</EfficiencyKitVersion>
                <RestorePackagesPath>{packagesCache}</RestorePackagesPath>
              </PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(Directory, "nuget.config"), PackagedArtifacts.NuGetConfig);

        _ = PackagedArtifacts.EfficiencyKitPackage;
        var restore = await DotNetCli.RunAsync(Directory, "restore", "Consumer.csproj", "-nodeReuse:false");
        if (!restore.Succeeded)
        {
            throw new InvalidOperationException("Restoring the consumer project failed:\n" + restore);
        }
    }

    /// <summary>Builds the consumer with extra MSBuild arguments; the same arguments are built only once.</summary>
    public Task<BuildResult> BuildAsync(params string[] arguments)
        => _builds.GetOrAdd(string.Join('\u001f', arguments), _ => new Lazy<Task<BuildResult>>(() => BuildOnceAsync(arguments))).Value;

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        _buildLock.Dispose();
        return Task.CompletedTask;
    }

    private async Task<BuildResult> BuildOnceAsync(string[] arguments)
    {
        // Builds share obj/ and bin/: one at a time, each forced to recompile so no result leaks into the next.
        await _buildLock.WaitAsync();
        try
        {
            string[] common = ["build", "Consumer.csproj", "--no-restore", "--no-incremental", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:NoSummary"];
            return await DotNetCli.RunAsync(Directory, [.. common, .. arguments]);
        }
        finally
        {
            _buildLock.Release();
        }
    }
}
