using System;
using System.IO;
using EfficiencyKit.Profiler;

namespace EfficiencyKit.Cli;

/// <summary>
/// Checks, before any profiling starts, that a file the command will write at the end can be written: a profile
/// that runs for minutes must not be lost to a typo in <c>-o</c> or <c>--result</c>.
/// </summary>
internal static class OutputFiles
{
    /// <summary>Throws an input/output error naming <paramref name="option"/> when <paramref name="file"/> (if given) cannot be written.</summary>
    public static void RequireWritable(FileInfo? file, string option)
    {
        if (file is null)
        {
            return;
        }

        if (Directory.Exists(file.FullName))
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"{option} '{file.FullName}' is a folder; name a file.");
        }

        var folder = file.DirectoryName!;
        if (!Directory.Exists(folder))
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"{option} '{file.FullName}': the folder '{folder}' does not exist.");
        }

        // The one reliable test of "can I create a file here" is to create one (permissions, read-only mounts, /proc).
        try
        {
            using (new FileStream(Path.Combine(folder, $".dotnet-energy-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"{option} '{file.FullName}': cannot create a file in '{folder}' ({(exception is UnauthorizedAccessException ? "permission denied" : "read-only or special file system")}).", exception);
        }
    }
}
