using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// Where TraceEvent's SymbolReader should look for the traced modules' PDBs. It probes beside each module's path as
/// the trace names it, and in a trace chunk whose session the tool stopped (an interrupted run, a rotated chunk) that
/// path comes from the rundown in lower case: on a case-sensitive file system the DLL and its PDB are not found, and
/// every frame loses its source line. So the search path names the folders where the PDBs are: the build-time PDB
/// folder the module records, and the module's own folder with its real case recovered from the file system.
/// </summary>
internal static class SymbolSearchPath
{
    public static string For(TraceLog log)
    {
        var folders = new List<string>();

        // Only modules whose path, as the trace spells it, does not exist: the others are found beside their DLL as
        // before, and a longer search path changes nothing for them but the time spent probing.
        foreach (var module in log.ModuleFiles.Where(m => !string.IsNullOrEmpty(m.FilePath) && !File.Exists(m.FilePath)))
        {
            if (!string.IsNullOrEmpty(module.PdbName) && Path.IsPathRooted(module.PdbName) && Path.GetDirectoryName(module.PdbName) is { } pdbFolder && Directory.Exists(pdbFolder))
            {
                folders.Add(pdbFolder);
            }

            if (Path.IsPathRooted(module.FilePath) && Path.GetDirectoryName(module.FilePath) is { } moduleFolder
                && ExistingFolder(moduleFolder) is { } existing)
            {
                folders.Add(existing);
            }
        }

        // ';' separates SymbolReader's path elements; a folder whose name holds one cannot be searched.
        return string.Join(";", folders.Where(folder => !folder.Contains(';', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal));
    }

    /// <summary>The folder as the file system spells it, matching each part without case where the exact spelling does not exist; null if none does.</summary>
    private static string? ExistingFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var root = Path.GetPathRoot(folder);
        if (string.IsNullOrEmpty(root))
        {
            return null;
        }

        var current = root;
        foreach (var part in folder[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var exact = Path.Combine(current, part);
            if (Directory.Exists(exact))
            {
                current = exact;
                continue;
            }

            var match = Directory.EnumerateDirectories(current).FirstOrDefault(candidate => string.Equals(Path.GetFileName(candidate), part, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return null;
            }

            current = match;
        }

        return current;
    }
}
