using System.Collections;
using System.Diagnostics;
using System.Text;

namespace EfficiencyKit.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the <c>dotnet</c> CLI as a user would, isolated from the test host's MSBuild environment.</summary>
public static class DotNetCli
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    public static Task<BuildResult> RunAsync(string workingDirectory, params string[] arguments) => RunAsync(workingDirectory, arguments, whileRunning: null);

    /// <param name="workingDirectory">Where the command runs.</param>
    /// <param name="arguments">Arguments to <c>dotnet</c>.</param>
    /// <param name="whileRunning">Runs once the process has started (e.g. to signal it); the output is still collected.</param>
    public static async Task<BuildResult> RunAsync(string workingDirectory, string[] arguments, Func<Process, Task>? whileRunning)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // `dotnet test` exports MSBuild variables that would make the child build resolve SDK parts from the test host.
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(name);
            }
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start 'dotnet'.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (whileRunning is not null)
        {
            await whileRunning(process);
        }

        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(s_timeout)) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'dotnet {string.Join(' ', arguments)}' did not finish within {s_timeout}.");
        }

        output.Append(await stdout).Append(await stderr);
        return new BuildResult(process.ExitCode, output.ToString(), await stdout);
    }
}
