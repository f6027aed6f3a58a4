using System.Globalization;
using EfficiencyKit.Profiler.Collection;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>The collector's per-thread CPU reader, on a procfs fixture tree shaped as Linux writes it.</summary>
public sealed class ProcThreadCpuReaderTests : IDisposable
{
    private const int ProcessId = 4242;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ek-proc-" + Guid.NewGuid().ToString("N")[..8]);
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
        var threads = new Dictionary<int, long>();

        Assert.True(reader.TryRead(out var process, threads));

        Assert.Equal(2_500_000_000, process);
        Assert.Equal(2_000_000_000, threads[ProcessId]);
        Assert.Equal(500_000_000, threads[4243]);
        Assert.Equal(".NET TP Worker", reader.KnownThreads.Single(t => t.ThreadId == 4243).Name);
    }

    [Fact]
    public void A_thread_that_names_itself_after_it_started_gets_its_name_within_a_second()
    {
        AddThread(4243, "dotnet", schedstatNanoseconds: 1_000);
        using var reader = CreateReader();
        var threads = new Dictionary<int, long>();
        reader.TryRead(out _, threads);

        File.WriteAllText(Comm(4243), "Inference\n");
        Step(50);
        reader.TryRead(out _, threads);

        Assert.Equal("Inference", reader.KnownThreads.Single(t => t.ThreadId == 4243).Name);
    }

    [Fact]
    public void An_old_thread_with_its_creators_name_is_checked_once_a_second_not_at_every_poll()
    {
        AddThread(4243, "dotnet", schedstatNanoseconds: 1_000);
        using var reader = CreateReader();
        var threads = new Dictionary<int, long>();
        reader.TryRead(out _, threads);
        Step(1_500);
        reader.TryRead(out _, threads);

        // Named after its first second: the next poll, 50 ms later, does not look; the poll a second after the last check does.
        File.WriteAllText(Comm(4243), "Late name\n");
        Step(50);
        reader.TryRead(out _, threads);
        Assert.Equal("dotnet", reader.KnownThreads.Single(t => t.ThreadId == 4243).Name);

        Step(1_000);
        reader.TryRead(out _, threads);
        Assert.Equal("Late name", reader.KnownThreads.Single(t => t.ThreadId == 4243).Name);
    }

    [Fact]
    public void A_thread_that_exits_drops_out_and_a_gone_process_reads_false()
    {
        AddThread(4243, "worker", schedstatNanoseconds: 7);
        using var reader = CreateReader();
        var threads = new Dictionary<int, long>();
        reader.TryRead(out _, threads);

        Directory.Delete(Path.Combine(TaskDirectory(4243)), recursive: true);
        Assert.True(reader.TryRead(out _, threads));
        Assert.False(threads.ContainsKey(4243));
        Assert.Contains(reader.KnownThreads, t => t.ThreadId == 4243);

        Directory.Delete(Path.Combine(_root, ProcessId.ToString(CultureInfo.InvariantCulture)), recursive: true);
        Assert.False(reader.TryRead(out _, threads));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ProcThreadCpuReader CreateReader() => new(ProcessId, _root, () => _clock);

    private void Step(long milliseconds) => _clock += milliseconds;

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
