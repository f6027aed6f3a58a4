namespace EfficiencyKit.Tests.Shared;

/// <summary>
/// The base of a test class whose tests write files: xUnit creates the class for each test, so each test gets a fresh
/// folder under the system's temporary folder, and disposes it after the test, which deletes the folder with its files.
/// </summary>
/// <param name="prefix">The start of the folder's name, naming the tests that left it should a delete fail.</param>
public abstract class TemporaryDirectoryTest(string prefix) : IDisposable
{
    /// <summary>The test's own folder.</summary>
    protected string TestDirectory { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <inheritdoc/>
    public void Dispose()
    {
        Directory.Delete(TestDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
