using EfficiencyKit.Tests.Shared;

namespace EfficiencyKit.Cli.Tests;

/// <summary>'report' given a v1 report.json: the v2 twin's output, and one warning on stderr naming the file.</summary>
public sealed class PreviousFormatTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ek-cli-previous-").FullName;

    [Fact]
    public async Task Report_reads_a_v1_report_as_its_v2_twin_and_warns_once_on_stderr()
    {
        var v1 = ContractFixtures.Path("energy-report.v1.json");
        var (twinExit, _, _) = await CommandLine.InvokeAsync($"report {ContractFixtures.Path("energy-report.v2.json")} --format json --output {Path.Combine(_directory, "twin.json")}");

        // dotnet-energy writes warnings to the process's stderr, past the parser's writer.
        var error = new StringWriter();
        var standardError = Console.Error;
        Console.SetError(error);
        int exitCode;
        try
        {
            (exitCode, _, _) = await CommandLine.InvokeAsync($"report {v1} --format json --output {Path.Combine(_directory, "v1.json")}");
        }
        finally
        {
            Console.SetError(standardError);
        }

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (twinExit, exitCode));
        Assert.Equal(File.ReadAllText(Path.Combine(_directory, "twin.json")), File.ReadAllText(Path.Combine(_directory, "v1.json")));
        var warning = Assert.Single(error.ToString().Split('\n'), line => line.Contains(v1, StringComparison.Ordinal));
        Assert.StartsWith("warning: ", warning, StringComparison.Ordinal);
        Assert.Contains("regenerate the file to write efficiencykit.energy-report/v2", warning, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
