using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// The methods a target jitted, read from the method-load session (<c>methods.nettrace</c>) and the chunks' rundowns:
/// code range, name, module and IL-to-native map of each. The sampling windows carry no names of their own, and a
/// chunk that a target crashes in (or calls <c>Environment.Exit</c> in) never gets its rundown; this map names those
/// frames the way TraceEvent names a rundown's (namespace.name(arguments)), with source lines from the module's PDB.
/// </summary>
internal sealed class JittedMethodMap
{
    private readonly JittedMethod[] _byStart;
    private readonly Dictionary<string, ManagedSymbolModule?> _symbolModules = new(StringComparer.Ordinal);

    /// <summary>The reader that opened <see cref="_symbolModules"/>: each chunk has its own, and a module read through a disposed reader is unmapped memory.</summary>
    private SymbolReader? _symbolModulesReader;

    private JittedMethodMap(JittedMethod[] byStart) => _byStart = byStart;

    public int Count => _byStart.Length;

    /// <summary>
    /// Reads the method-load session and the rundowns of the chunks (which name the methods jitted before an attach);
    /// a file cut short by the target's death still gives the methods before the cut. Null when none of the files exists.
    /// </summary>
    public static JittedMethodMap? Load(IEnumerable<string> paths)
    {
        var methods = new List<JittedMethod>();
        var modulePaths = new Dictionary<long, string>();
        var any = false;
        foreach (var path in paths.Where(File.Exists))
        {
            any = true;
            Read(path, methods, modulePaths);
        }

        if (!any)
        {
            return null;
        }

        // Each chunk's rundown lists every live method again: keep one entry per code range.
        return new JittedMethodMap([.. methods
            .Select(method => method with { ModulePath = modulePaths.GetValueOrDefault(method.ModuleId) })
            .DistinctBy(method => (method.Start, method.Size))
            .OrderBy(method => method.Start)]);
    }

    private static void Read(string path, List<JittedMethod> methods, Dictionary<long, string> modulePaths)
    {
        var latestByMethodId = new Dictionary<long, int>();
        void Method(MethodLoadUnloadVerboseTraceData data)
        {
            latestByMethodId[data.MethodID] = methods.Count;
            methods.Add(new JittedMethod(data.MethodStartAddress, data.MethodSize, FullName(data), data.ModuleID, data.MethodToken));
        }

        // The runtime sends a method's IL map right after its load (or rundown) event, for each code version (tier) it jits.
        void Map(MethodILToNativeMapTraceData data)
        {
            if (latestByMethodId.TryGetValue(data.MethodID, out var index))
            {
                methods[index] = methods[index] with
                {
                    // Prolog, epilog and unmapped entries (negative IL offsets) give no line; TraceEvent drops them too.
                    Map = Enumerable.Range(0, data.CountOfMapEntries).Select(i => (Il: data.ILOffset(i), Native: data.NativeOffset(i)))
                        .Where(entry => entry.Il >= 0).OrderBy(entry => entry.Native).ToArray(),
                };
            }
        }

        try
        {
            using var source = new EventPipeEventSource(path);
            source.Clr.LoaderModuleLoad += data => modulePaths[data.ModuleID] = data.ModuleILPath;
            source.Clr.MethodLoadVerbose += Method;
            source.Clr.MethodILToNativeMap += Map;
            var rundown = new ClrRundownTraceEventParser(source);
            rundown.LoaderModuleDCStop += data => modulePaths[data.ModuleID] = data.ModuleILPath;
            rundown.MethodDCStopVerbose += Method;
            rundown.MethodILToNativeMapDCStop += Map;
            source.Process();
        }
        catch (Exception exception) when (TruncatedTrace.Is(exception))
        {
            // A file the target's death cut short ends in a partial block: keep every method read before it.
        }
    }

    /// <summary>The frame at <paramref name="address"/>, or null when no jitted method covers it.</summary>
    public FrameInfo? Resolve(ulong address, SymbolReader symbols)
    {
        var index = Array.BinarySearch(_byStart, new JittedMethod(address, 0, string.Empty, 0, 0), JittedMethod.StartComparer);
        index = index >= 0 ? index : ~index - 1;
        if (index < 0 || address >= _byStart[index].Start + (ulong)_byStart[index].Size)
        {
            return null;
        }

        var method = _byStart[index];
        var module = method.ModulePath is null ? "?" : Path.GetFileNameWithoutExtension(method.ModulePath);
        var isUser = FrameClassifier.IsUserModule(module);
        string? file = null;
        int? line = null;
        if (isUser && method.ModulePath is { } modulePath && IlOffset(method, (int)(address - method.Start)) is { } ilOffset
            && SymbolModule(modulePath, symbols)?.SourceLocationForManagedCode((uint)method.Token, ilOffset) is { } location)
        {
            file = location.SourceFile?.BuildTimeFilePath;
            line = SourceLines.Visible(location.LineNumber);
        }

        return new FrameInfo(method.Name, module, file, line, isUser, FrameClassifier.IsBlocking(method.Name));
    }

    /// <summary>TraceEvent's own form: the signature's argument list, without its return type.</summary>
    private static string FullName(MethodLoadUnloadVerboseTraceData data)
    {
        var signature = data.MethodSignature ?? string.Empty;
        var arguments = signature.IndexOf('(', StringComparison.Ordinal) is var open and >= 0 ? signature[open..] : string.Empty;
        return string.IsNullOrEmpty(data.MethodNamespace) ? data.MethodName + arguments : $"{data.MethodNamespace}.{data.MethodName}{arguments}";
    }

    /// <summary>
    /// The IL offset TraceEvent gives the same address, so both paths name the same line: the last mapped entry at or
    /// before the native offset, interpolated towards the next entry when IL offsets rise, then one back (a sampled
    /// address is the instruction after the one that completed).
    /// </summary>
    private static int? IlOffset(JittedMethod method, int nativeOffset)
    {
        var map = method.Map;
        var index = -1;
        while (index + 1 < map.Length && map[index + 1].Native <= nativeOffset)
        {
            index++;
        }

        if (index < 0)
        {
            return null;
        }

        var il = map[index].Il;
        var nativeDelta = nativeOffset - map[index].Native;
        if (index + 1 < map.Length && nativeDelta != 0)
        {
            var ilDelta = map[index + 1].Il - il;
            if (ilDelta <= 0)
            {
                return il;
            }

            il += (int)(((double)nativeDelta / (map[index + 1].Native - map[index].Native) * ilDelta) + .5);
        }

        return il > 0 ? il - 1 : il;
    }

    private ManagedSymbolModule? SymbolModule(string modulePath, SymbolReader symbols)
    {
        if (!ReferenceEquals(symbols, _symbolModulesReader))
        {
            _symbolModules.Clear();
            _symbolModulesReader = symbols;
        }

        if (!_symbolModules.TryGetValue(modulePath, out var module))
        {
            var pdb = Path.ChangeExtension(modulePath, ".pdb");
            module = File.Exists(pdb) ? symbols.OpenSymbolFile(pdb) : null;
            _symbolModules.Add(modulePath, module);
        }

        return module;
    }
}
