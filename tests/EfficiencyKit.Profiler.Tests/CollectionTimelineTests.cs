using EfficiencyKit.Energy;
using EfficiencyKit.Profiler.Collection;

namespace EfficiencyKit.Profiler.Tests;

public sealed class CollectionTimelineTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    [Fact]
    public void A_timeline_streamed_to_disk_reads_back_whole()
    {
        Write(points: 3);

        var timeline = CollectionTimeline.Load(_path);

        Assert.Equal((42, "app", 2), (timeline.ProcessId, timeline.ProcessName, timeline.MachineVcpus));
        Assert.Equal(3, timeline.Points.Count);
        Assert.Equal([new TraceChunk("trace.000.nettrace", new DateTime(2026, 11, 22, 3, 0, 0, DateTimeKind.Utc))], timeline.Chunks);
        Assert.Equal("worker", Assert.Single(timeline.Threads).Name);
    }

    [Fact]
    public void A_last_line_cut_off_mid_write_is_ignored_and_the_rest_stands()
    {
        Write(points: 3);
        var text = File.ReadAllText(_path);
        File.WriteAllText(_path, text[..(text.Length - 40)]);

        var timeline = CollectionTimeline.Load(_path);

        Assert.Equal(2, timeline.Points.Count);
    }

    [Fact]
    public void A_corrupt_line_before_the_end_is_an_error_naming_the_line()
    {
        Write(points: 3);
        var lines = File.ReadAllLines(_path);
        lines[2] = "{ not json";
        File.WriteAllLines(_path, lines);

        var error = Assert.Throws<ProfilerException>(() => CollectionTimeline.Load(_path));

        Assert.Contains("line 3 is not a valid timeline record", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_path);

    private void Write(int points)
    {
        var timeline = new CollectionTimeline
        {
            ProcessId = 42,
            ProcessName = "app",
            StartUtc = new DateTime(2026, 11, 22, 3, 0, 0, DateTimeKind.Utc),
            MachineVcpus = 2,
            Sources = [new EnergySourceDescription(EnergySourceKind.PowerModel, EnergyOrigin.Modelled, "2 vCPU", new Dictionary<string, string>(), PowerModelConstants.Uncertainty)],
            SourceNotes = [],
            Domains = [new EnergyDomain("cpu", EnergySourceKind.PowerModel)],
            PollInterval = TimeSpan.FromMilliseconds(50),
        };
        using var writer = new TimelineWriter(_path, timeline);
        writer.Add(new TraceChunk("trace.000.nettrace", timeline.StartUtc));
        writer.Add(new ThreadInfo(43, "worker", timeline.StartUtc));
        for (var i = 0; i < points; i++)
        {
            writer.Add(new TimelinePoint(timeline.StartUtc.Ticks + (i * TimeSpan.TicksPerSecond), i * 1000, i * 2000, [i * 1.5], new Dictionary<int, long> { [43] = i * 1000 }));
        }
    }
}
