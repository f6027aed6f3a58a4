using System.Runtime.InteropServices;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>The few POSIX process calls .NET does not expose: sending a signal other than SIGKILL.</summary>
internal static class PosixProcess
{
    public const int SigInt = 2;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when it is gone or not ours.</summary>
    public static bool Signal(int processId, int signal) => NativeKill(processId, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int processId, int signal);
}
