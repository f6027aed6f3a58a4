using System.Globalization;
using EfficiencyKit.Profiler.Collection;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>The collector's per-thread CPU reader, on a procfs fixture tree shaped as Linux writes it.</summary>
public sealed class ProcThreadCpuReaderTests : IDisposable
{
    private const int ProcessId = 4242;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ek-proc-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<int, long> _threads = [];
    private long _clock = 1_000_000;

    public ProcThreadCpuReaderTests()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "uptime"), "12345.67 24000.00\n");
        WriteStat(Path.Combine(_root, ProcessId.ToString(CultureInfo.InvariantCulture)), "dotnet", cpuTicks: 250);
        AddThread(ProcessId, "dotnet", schedstatNanoseconds: 2_000_000_000);
    }

    [Fact]
    public void Reads_the_process_total_and_each_thread_from_schedstat()
    {
        AddThread(4243, ".NET TP Worker", schedstatNanoseconds: 500_000_000);
        using var reader = CreateReader();

        Assert.True(reader.TryRead(out var process, _threads));

        Assert.Equal(2_500_000_000, process);
        Assert.Equal(2_000_000_000, _threads[ProcessId]);
        Assert.Equal(500_000_000, _threads[4243]);
        Assert.Equal(".NET TP Worker", NameOf(reader, 4243));
    }

    [Fact]
    public void A_thread_that_names_itself_after_it_started_gets_its_name_within_a_second()
    {
        using var reader = ReaderOfAThreadWithItsCreatorsName();

        File.WriteAllText(Comm(4243), "Inference\n");
        Step(50);
        Poll(reader);

        Assert.Equal("Inference", NameOf(reader, 4243));
    }

    [Fact]
    public void An_old_thread_with_its_creators_name_is_checked_once_a_second_not_at_every_poll()
    {
        using var reader = ReaderOfAThreadWithItsCreatorsName();
        Step(1_500);
        Poll(reader);

        // Named after its first second: the next poll, 50 ms later, does not look; the poll a second after the last check does.
        File.WriteAllText(Comm(4243), "Late name\n");
        Step(50);
        Poll(reader);
        Assert.Equal("dotnet", NameOf(reader, 4243));

        Step(1_000);
        Poll(reader);
        Assert.Equal("Late name", NameOf(reader, 4243));
    }

    [Fact]
    public void A_thread_that_exits_drops_out_and_a_gone_process_reads_false()
    {
        AddThread(4243, "worker", schedstatNanoseconds: 7);
        using var reader = CreateReader();
        Poll(reader);

        Directory.Delete(Path.Combine(TaskDirectory(4243)), recursive: true);
        Assert.True(Poll(reader));
        Assert.False(_threads.ContainsKey(4243));
        Assert.Contains(reader.KnownThreads, t => t.ThreadId == 4243);

        Directory.Delete(Path.Combine(_root, ProcessId.ToString(CultureInfo.InvariantCulture)), recursive: true);
        Assert.False(Poll(reader));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ProcThreadCpuReader CreateReader() => new(ProcessId, _root, () => _clock);

    /// <summary>A reader that has polled once a thread still named as the process is ("dotnet").</summary>
    private ProcThreadCpuReader ReaderOfAThreadWithItsCreatorsName()
    {
        AddThread(4243, "dotnet", schedstatNanoseconds: 1_000);
        var reader = CreateReader();
        Poll(reader);
        return reader;
    }

    private void Step(long milliseconds) => _clock += milliseconds;

    private bool Poll(ProcThreadCpuReader reader) => reader.TryRead(out _, _threads);

    private static string NameOf(ProcThreadCpuReader reader, int tid) => reader.KnownThreads.Single(t => t.ThreadId == tid).Name;

    private string TaskDirectory(int tid) => Path.Combine(_root, ProcessId.ToString(CultureInfo.InvariantCulture), "task", tid.ToString(CultureInfo.InvariantCulture));

    private string Comm(int tid) => Path.Combine(TaskDirectory(tid), "comm");

    private void AddThread(int tid, string name, long schedstatNanoseconds)
    {
        var directory = TaskDirectory(tid);
        WriteStat(directory, name, cpuTicks: schedstatNanoseconds / 10_000_000);
        File.WriteAllText(Path.Combine(directory, "comm"), name + "\n");
        File.WriteAllText(Path.Combine(directory, "schedstat"), FormattableString.Invariant($"{schedstatNanoseconds} 1234 56\n"));
    }

    /// <summary>A /proc/…/stat line: utime carries the ticks, stime 0, start time field 22.</summary>
    private static void WriteStat(string directory, string name, long cpuTicks)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(
            Path.Combine(directory, "stat"),
            FormattableString.Invariant($"{ProcessId} ({name}) S 1 1 1 0 -1 4194560 100 0 0 0 {cpuTicks} 0 0 0 20 0 1 0 500 1000000 100 18446744073709551615\n"));
    }
}
