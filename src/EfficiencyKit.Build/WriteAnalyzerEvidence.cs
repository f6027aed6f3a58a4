using System;
using System.IO;
using System.Text;
using EfficiencyKit.Build.Evidence;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace EfficiencyKit.Build;

/// <summary>
/// Writes the global analyzer config through which the analyzers see the profile report and the models manifest
/// (<see cref="AnalyzerEvidenceWriter"/>; keys in src/Shared/AnalyzerEvidenceFormat.cs). A file that cannot be read
/// is a warning at that file (EKB104 for the report, EKB003 for the manifest) and adds nothing; the other still does.
/// </summary>
public sealed class WriteAnalyzerEvidence : Task
{
    /// <summary>The dotnet-energy report (EfficiencyKitProfileReport), if any.</summary>
    public string? ProfileReport { get; set; }

    /// <summary>The models manifest <see cref="InspectAiModels"/> wrote, if any.</summary>
    public string? ModelsManifest { get; set; }

    /// <summary>Where to write the config.</summary>
    [Required]
    public string ConfigPath { get; set; } = "";

    /// <summary>
    /// Written when every file was read, deleted otherwise: the target lists it among its outputs, so a build after a
    /// warning runs the task again and the warning stays visible until the file is fixed.
    /// </summary>
    [Required]
    public string ReadMarker { get; set; } = "";

    /// <inheritdoc />
    public override bool Execute()
    {
        var writer = new AnalyzerEvidenceWriter();
        var complete = Add(ProfileReport, writer.TryAddProfileReport, BuildDiagnosticCodes.UnreadableProfileReport, "is not a readable dotnet-energy report; diagnostics will not quote measured joules")
            & Add(ModelsManifest, writer.TryAddModelsManifest, BuildDiagnosticCodes.UnreadableManifest, "is not a readable models manifest; the analyzers will not check model loads against it (delete it to inspect the models again)");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(ConfigPath))!);
        File.WriteAllText(ConfigPath, writer.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (complete)
        {
            File.WriteAllText(ReadMarker, string.Empty);
        }
        else if (File.Exists(ReadMarker))
        {
            File.Delete(ReadMarker);
        }

        return !Log.HasLoggedErrors;
    }

    private bool Add(string? path, TryAdd add, string code, string consequence)
    {
        if (path is null || path.Length == 0)
        {
            return true;
        }

        string error;
        try
        {
            if (add(path, File.ReadAllText(path), message => Log.LogWarning(null, BuildDiagnosticCodes.PreviousFormat, null, path, 0, 0, 0, 0, message), out error))
            {
                return true;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error = exception.Message;
        }

        Log.LogWarning(null, code, null, path, 0, 0, 0, 0, "'{0}' {1}: {2}", path, consequence, error);
        return false;
    }

    private delegate bool TryAdd(string path, string json, Action<string> warn, out string error);
}
