using System;
using System.Linq;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// Decides which frames are the user's code (call sites) and which are framework, runtime or library code
/// that rolls up into the user frame that called it; and which frames mean the thread is blocked.
/// </summary>
public static class FrameClassifier
{
    /// <summary>Assembly name prefixes of the BCL, ASP.NET Core and AI client libraries: their time is billed to the caller.</summary>
    private static readonly string[] s_libraryModulePrefixes =
    [
        "System.", "Microsoft.", "mscorlib", "netstandard", "OpenAI", "Azure.", "Google.", "Grpc.", "Newtonsoft.",
        "Spectre.", "Polly", "StackExchange.", "Npgsql", "Dapper", "MediatR", "Serilog", "NLog", "xunit", "FSharp.Core",
    ];

    /// <summary>Our own runtime assemblies, matched whole (an app may be called EfficiencyKit.Runtime.Something).</summary>
    private static readonly string[] s_libraryModules = ["EfficiencyKit.Runtime", "EfficiencyKit.Energy"];

    /// <summary>Leaf methods where a thread waits rather than computes (EventPipe samples blocked threads too).</summary>
    private static readonly string[] s_blockingMethodPrefixes =
    [
        "System.Threading.Thread.Sleep", "System.Threading.Monitor.Wait", "System.Threading.Monitor.ReliableEnter",
        "System.Threading.WaitHandle.Wait", "System.Threading.ManualResetEventSlim.Wait", "System.Threading.SemaphoreSlim.Wait",
        "System.Threading.Thread.Join", "System.Threading.LowLevelLifoSemaphore.Wait", "System.Threading.LowLevelMonitor.Wait",
        "System.Threading.Tasks.Task.SpinThenBlockingWait", "System.Threading.Tasks.Task.InternalWaitCore",
        "System.Net.Sockets.Socket.Receive", "System.Net.Sockets.Socket.Accept", "System.Console.ReadLine",
        "System.Threading.PortableThreadPool", "System.Threading.TimerQueue.TimerThread",
    ];

    /// <summary>TraceEvent sometimes names modules from their lower-cased file path, so the match ignores case.</summary>
    public static bool IsUserModule(string module)
        => module.Length > 0
            && module != "?"
            && !s_libraryModulePrefixes.Any(prefix => module.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            && !s_libraryModules.Any(name => module.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static bool IsBlocking(string method) => s_blockingMethodPrefixes.Any(prefix => method.StartsWith(prefix, StringComparison.Ordinal));
}
