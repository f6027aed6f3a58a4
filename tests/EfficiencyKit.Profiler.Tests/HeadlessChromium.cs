using System.Diagnostics;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>Debian's chromium, run headless (as root it needs --no-sandbox), with a throwaway profile folder.</summary>
internal static class HeadlessChromium
{
    private static readonly string[] s_names = ["chromium", "chromium-browser", "google-chrome"];

    public static string? Path { get; } = Environment.GetEnvironmentVariable("EK_CHROMIUM") is { Length: > 0 } configured
        ? configured
        : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator)
            .SelectMany(directory => s_names.Select(name => System.IO.Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);

    public static string? Missing => Path is null ? "chromium is not installed (apt-get install chromium; .ci/run installs it)" : null;

    /// <summary>Runs chromium on <paramref name="page"/> with the given switches; returns its standard output.</summary>
    public static string Run(string page, params string[] switches)
    {
        var profile = Directory.CreateTempSubdirectory("ek-chromium-");
        try
        {
            var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile.FullName}" }.Concat(switches).Append(new Uri(page).AbsoluteUri))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish in 90 s: {stderr.Result}");
            }

            return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {stderr.Result}");
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
