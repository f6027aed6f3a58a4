using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EfficiencyKit.CorpusRunner;

/// <summary>
/// One repository checked out from its mirror into a temporary folder, and its SDK-style projects compiled as Roslyn
/// compilations: each project's .cs files (the SDK's default glob: every .cs under the project folder, less bin/, obj/
/// and the folders of nested projects), its ProjectReference'd projects compiled the same way and referenced as
/// compilations (not merged), against the reference pack (.NET, ASP.NET Core, the real AI packages). Implicit usings,
/// explicit &lt;Using&gt; items, Nullable, OutputType and AllowUnsafeBlocks come from the project file and the
/// Directory.Build.props files above it. Not modelled: conditions, explicit Compile items and Compile Remove, source
/// generators, Razor files, third-party packages outside the reference pack (their types do not bind).
/// </summary>
internal sealed class RepositoryProjects : IDisposable
{
    private static readonly string[] s_sdkUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];
    private static readonly string[] s_hostingUsings = ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];
    private static readonly string[] s_webUsings = ["System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", .. s_hostingUsings];
    private static readonly string[] s_blazorWasmUsings = ["System.Net.Http.Json", "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Forms", "Microsoft.AspNetCore.Components.Routing", "Microsoft.AspNetCore.Components.Web", "Microsoft.AspNetCore.Components.Web.Virtualization", "Microsoft.AspNetCore.Components.WebAssembly.Http", "Microsoft.JSInterop", .. s_hostingUsings];

    private readonly ImmutableArray<MetadataReference> _references;
    private readonly Dictionary<string, CSharpCompilation> _compiled = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);

    private RepositoryProjects(string root, ImmutableArray<MetadataReference> references)
    {
        Root = root;
        _references = references;
        Projects = [.. Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories).Where(p => !IsBuildOutput(root, p)).Select(Path.GetFullPath).Order(StringComparer.Ordinal)];
    }

    /// <summary>The folder the repository was extracted to.</summary>
    public string Root { get; }

    /// <summary>Every .csproj of the repository (full paths).</summary>
    public ImmutableArray<string> Projects { get; }

    /// <summary>
    /// Extracts what compilation needs from <paramref name="commit"/> of the mirror's git directory into a fresh temporary
    /// folder: the .cs files and the project and props files, read blob by blob (mirrors may lack large blobs, so a whole
    /// git archive can fail; a missing blob is skipped and counted in <see cref="MissingBlobs"/>).
    /// </summary>
    public static RepositoryProjects Extract(string gitDir, string commit, ImmutableArray<MetadataReference> references)
    {
        var root = Path.Combine(Path.GetTempPath(), "ek-corpus-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var tree = Run("git", ["--git-dir", gitDir, "ls-tree", "-r", "-z", commit]);
        var wanted = new List<(string Sha, string Path)>();
        foreach (var entry in tree.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> blob <sha>\t<path>"
            var tab = entry.IndexOf('\t', StringComparison.Ordinal);
            var head = entry[..tab].Split(' ');
            var path = entry[(tab + 1)..];
            if (head[1] == "blob" && s_extracted.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                wanted.Add((head[2], path));
            }
        }

        var missing = 0;
        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--git-dir", gitDir, "cat-file", "--batch" })
        {
            start.ArgumentList.Add(argument);
        }

        using (var process = Process.Start(start) ?? throw new CorpusException("could not start git"))
        {
            var output = process.StandardOutput.BaseStream;
            foreach (var (sha, path) in wanted)
            {
                process.StandardInput.Write(sha + "\n");
                process.StandardInput.Flush();
                var header = ReadLine(output).Split(' ');
                if (header.Length < 3 || header[1] != "blob")
                {
                    missing++;
                    continue;
                }

                var size = int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture);
                var content = new byte[size];
                output.ReadExactly(content);
                output.ReadByte();
                var target = Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, content);
            }

            process.StandardInput.Close();
            process.WaitForExit();
        }

        return new RepositoryProjects(root, references) { MissingBlobs = missing };
    }

    /// <summary>How many of the wanted files the mirror lacked (absent blobs).</summary>
    public int MissingBlobs { get; private init; }

    /// <summary>The project a source file belongs to: the one in the nearest folder above it (the SDK glob's owner).</summary>
    public string? ProjectOf(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        return Projects.Where(p => full.StartsWith(Path.GetDirectoryName(p)! + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .OrderByDescending(p => p.Length).FirstOrDefault();
    }

    /// <summary>The compilation of one project, its project references compiled first (cycles and missing projects are skipped).</summary>
    public CSharpCompilation Compile(string project)
    {
        if (_compiled.TryGetValue(project, out var done))
        {
            return done;
        }

        _inProgress.Add(project);
        var properties = new ProjectProperties(Root, project);
        var references = new List<MetadataReference>(_references);
        foreach (var referenced in properties.ProjectReferences)
        {
            if (File.Exists(referenced) && !_inProgress.Contains(referenced) && referenced.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                references.Add(Compile(referenced).ToMetadataReference());
            }
        }

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = SourceFiles(project)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: f))
            .ToList();
        var usings = properties.GlobalUsings();
        if (usings.Length > 0)
        {
            trees.Add(CSharpSyntaxTree.ParseText(string.Concat(usings.Select(u => $"global using {u};\n")), parse, path: Path.Combine(Path.GetDirectoryName(project)!, "obj", "GlobalUsings.g.cs")));
        }

        var options = new CSharpCompilationOptions(
            properties.IsExe ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: properties.Nullable,
            allowUnsafe: true,
            specificDiagnosticOptions: RunnerAnalyzers.AllEnabled);
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(project), trees, references, options);
        _inProgress.Remove(project);
        _compiled[project] = compilation;
        return compilation;
    }

    /// <summary>The SDK default Compile glob: every .cs under the project's folder, less bin/, obj/ and nested projects' folders.</summary>
    public IEnumerable<string> SourceFiles(string project)
    {
        var folder = Path.GetDirectoryName(project)!;
        var nested = Projects.Select(p => Path.GetDirectoryName(p)!).Where(d => d != folder && d.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(folder, f) && !nested.Any(n => f.StartsWith(n + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private static bool IsBuildOutput(string folder, string file)
    {
        var parts = Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar);
        return parts.Take(parts.Length - 1).Any(p => p is "bin" or "obj" || p.StartsWith('.'));
    }

    private static readonly string[] s_extracted = [".cs", ".csproj", ".props", ".targets"];

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        for (var b = stream.ReadByte(); b is not (-1 or '\n'); b = stream.ReadByte())
        {
            bytes.Add((byte)b);
        }

        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static string Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new CorpusException($"could not start {file}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new CorpusException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result.Trim()}");
        }

        return output;
    }

    /// <summary>The properties and items of one project that shape its compilation, read from the .csproj and the Directory.Build.props files above it (the nearest wins).</summary>
    private sealed class ProjectProperties
    {
        private readonly List<XDocument> _documents = [];
        private readonly string _sdk;

        public ProjectProperties(string root, string project)
        {
            var csproj = XDocument.Load(project);
            _documents.Add(csproj);
            for (var folder = Path.GetDirectoryName(project); folder != null && folder.Length >= root.Length; folder = Path.GetDirectoryName(folder))
            {
                var props = Path.Combine(folder, "Directory.Build.props");
                if (File.Exists(props))
                {
                    try
                    {
                        _documents.Add(XDocument.Load(props));
                    }
                    catch (System.Xml.XmlException)
                    {
                        // An unreadable props file contributes nothing.
                    }
                }
            }

            _sdk = csproj.Root?.Attribute("Sdk")?.Value ?? string.Empty;
            var folderOfProject = Path.GetDirectoryName(project)!;
            ProjectReferences = [.. csproj.Descendants().Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => e.Attribute("Include")?.Value)
                .OfType<string>()
                .Select(p => Path.GetFullPath(Path.Combine(folderOfProject, p.Replace('\\', Path.DirectorySeparatorChar))))];
        }

        public ImmutableArray<string> ProjectReferences { get; }

        public bool IsExe => Property("OutputType") is { } type && type.Contains("exe", StringComparison.OrdinalIgnoreCase);

        public NullableContextOptions Nullable => Property("Nullable")?.ToLowerInvariant() switch
        {
            "enable" => NullableContextOptions.Enable,
            "warnings" => NullableContextOptions.Warnings,
            "annotations" => NullableContextOptions.Annotations,
            _ => NullableContextOptions.Disable,
        };

        /// <summary>The SDK's implicit global usings (by SDK flavour) when ImplicitUsings is on, plus Using items (Remove honoured; Static and Alias supported).</summary>
        public ImmutableArray<string> GlobalUsings()
        {
            var usings = new List<string>();
            if (Property("ImplicitUsings") is "enable" or "true")
            {
                usings.AddRange(s_sdkUsings);
                if (_sdk.Contains("BlazorWebAssembly", StringComparison.OrdinalIgnoreCase))
                {
                    usings.AddRange(s_blazorWasmUsings);
                }
                else if (_sdk.Contains(".Web", StringComparison.OrdinalIgnoreCase) || _sdk.Contains("Razor", StringComparison.OrdinalIgnoreCase))
                {
                    usings.AddRange(s_webUsings);
                }
                else if (_sdk.Contains("Worker", StringComparison.OrdinalIgnoreCase))
                {
                    usings.AddRange(s_hostingUsings);
                }
            }

            foreach (var item in _documents.AsEnumerable().Reverse().SelectMany(d => d.Descendants()).Where(e => e.Name.LocalName == "Using"))
            {
                if (item.Attribute("Remove")?.Value is { } removed)
                {
                    usings.RemoveAll(u => u == removed);
                    continue;
                }

                if (item.Attribute("Include")?.Value is not { Length: > 0 } name)
                {
                    continue;
                }

                usings.Add(item.Attribute("Alias")?.Value is { Length: > 0 } alias ? $"{alias} = {name}"
                    : string.Equals(item.Attribute("Static")?.Value, "true", StringComparison.OrdinalIgnoreCase) ? "static " + name
                    : name);
            }

            return [.. usings.Distinct(StringComparer.Ordinal)];
        }

        private string? Property(string name) => _documents
            .Select(d => d.Descendants().Where(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == "PropertyGroup").Select(e => e.Value.Trim()).LastOrDefault())
            .FirstOrDefault(v => v != null);
    }
}
