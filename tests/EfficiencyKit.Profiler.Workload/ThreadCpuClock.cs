using System.Runtime.InteropServices;

namespace EfficiencyKit.Profiler.Workload;

/// <summary>The calling thread's own CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID)): the ground truth the profiler is checked against.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static long Nanoseconds() => Read(ClockThreadCpuTimeId);

    /// <summary>
    /// Another thread's CPU time, by OS thread id: the same clock that thread reads as CLOCK_THREAD_CPUTIME_ID
    /// (Linux encodes a thread's CPU clock id as ~tid &lt;&lt; 3 | CPUCLOCK_PERTHREAD | CPUCLOCK_SCHED; glibc's
    /// pthread_getcpuclockid does the same). For threads we did not create, such as ONNX Runtime's workers.
    /// </summary>
    public static long Nanoseconds(int threadId) => Read((~threadId << 3) | 4 | 2);

    // No SetLastError (errno): a failure here is a thread id, not a system error. Its P/Invoke return is a safe point
    // where samples of a thread that just got the CPU back land, so sites read it inside their own frames and the tests
    // roll it up into them (docs/profiler.md, accuracy).
    private static long Read(int clockId)
    {
        if (ClockGetTime(clockId, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime({clockId}) failed (a thread id not in this process?)");
        }

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
