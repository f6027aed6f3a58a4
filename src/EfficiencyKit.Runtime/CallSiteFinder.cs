using System;
using System.Diagnostics;

namespace EfficiencyKit.Runtime;

/// <summary>Finds the user's call site on the current stack (opt-in: <see cref="AiTelemetryOptions.CaptureCallSiteFromStackTrace"/>).</summary>
internal static class CallSiteFinder
{
    private static readonly string[] s_libraryNamespaces =
    [
        "EfficiencyKit.Runtime.", "Microsoft.Extensions.AI.", "OpenAI.", "System.", "Microsoft.",
    ];

    /// <summary>The first frame with a source file whose type is outside the libraries that sit between the user and the wire.</summary>
    public static (string? File, int Line) FirstUserFrame()
    {
        var trace = new StackTrace(skipFrames: 2, fNeedFileInfo: true);
        for (var i = 0; i < trace.FrameCount; i++)
        {
            var frame = trace.GetFrame(i);
            var type = frame?.GetMethod()?.DeclaringType;
            var file = frame?.GetFileName();
            if (type is null || file is null || IsLibrary(type.FullName ?? string.Empty))
            {
                continue;
            }

            return (file, frame!.GetFileLineNumber());
        }

        return (null, 0);
    }

    private static bool IsLibrary(string typeName)
    {
        foreach (var prefix in s_libraryNamespaces)
        {
            if (typeName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
