using System.Runtime.InteropServices;

namespace EfficiencyKit.Profiler.Workload;

/// <summary>The calling thread's own CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID)): the ground truth the profiler is checked against.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static long Nanoseconds()
    {
        ClockGetTime(ClockThreadCpuTimeId, out var time);
        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
