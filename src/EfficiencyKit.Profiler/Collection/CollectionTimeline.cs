using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using EfficiencyKit.Energy;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// Everything collected besides the traces: the energy sources and why they were chosen, the machine's size,
/// the target's threads, the trace chunks, and the polled CPU/energy points. Stored as JSON Lines (a header line,
/// then one line per thread, chunk, sampling window or point), written as collection goes (<see cref="TimelineWriter"/>), so a
/// collection that is cut off still has everything up to that moment and <c>report</c> can re-attribute it.
/// </summary>
public sealed class CollectionTimeline
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public required int ProcessId { get; init; }

    public required string ProcessName { get; init; }

    public required DateTime StartUtc { get; init; }

    public required int MachineVcpus { get; init; }

    public required IReadOnlyList<EnergySourceDescription> Sources { get; init; }

    public required IReadOnlyList<string> SourceNotes { get; init; }

    /// <summary>Domain names, in the order of <see cref="TimelinePoint.DomainJoules"/>, with the source of each.</summary>
    public required IReadOnlyList<EnergyDomain> Domains { get; init; }

    public TimeSpan PollInterval { get; init; }

    /// <summary>
    /// True when the target was launched suspended and profiled from its first instruction: threads alive at the first
    /// poll were then created by the runtime and the profiler's session, not by user code.
    /// </summary>
    public bool StartedSuspended { get; init; }

    /// <summary>
    /// The stack sampling interval: what the tool set for a launched target; for an attached one the runtime's 1 ms,
    /// which no diagnostics command can change. 0 in collections written before it was recorded.
    /// </summary>
    public double SamplingIntervalMs { get; init; }

    public List<ThreadInfo> Threads { get; } = [];

    public List<TimelinePoint> Points { get; } = [];

    /// <summary>The trace files, in order.</summary>
    public List<TraceChunk> Chunks { get; } = [];

    /// <summary>
    /// The stack-sampling sessions, in order. Empty in collections written before sampling moved out of the chunks
    /// (their chunks hold the samples, and every moment counts as sampled).
    /// </summary>
    public List<SamplingWindow> SamplingWindows { get; } = [];

    /// <summary>
    /// The share of the run (first to last poll) inside sampling windows; 1 without windows (sampled all the time) or
    /// with fewer than two polls. The report states it, and the overhead benchmark reads it from a collection.
    /// </summary>
    public double SampledTimeShare()
    {
        if (SamplingWindows.Count == 0 || Points.Count < 2)
        {
            return 1;
        }

        long from = Points.Min(p => p.UtcTicks), to = Points.Max(p => p.UtcTicks), covered = 0, reached = from;
        foreach (var window in SamplingWindows.OrderBy(w => w.StartUtc))
        {
            var start = Math.Max(window.StartUtc.Ticks, reached);
            var end = Math.Min(window.EndUtc?.Ticks ?? to, to);
            if (end > start)
            {
                covered += end - start;
                reached = end;
            }
        }

        return (double)covered / (to - from);
    }

    public static CollectionTimeline Load(string path)
    {
        using var reader = new StreamReader(path);
        var lineNumber = 1;
        var header = Deserialize<HeaderLine>(reader.ReadLine(), path, lineNumber)
            ?? throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' is empty: it should start with the timeline header line.");
        var timeline = new CollectionTimeline
        {
            ProcessId = header.ProcessId,
            ProcessName = header.ProcessName,
            StartUtc = header.StartUtc,
            MachineVcpus = header.MachineVcpus,
            Sources = header.Sources,
            SourceNotes = header.SourceNotes,
            Domains = header.Domains,
            PollInterval = TimeSpan.FromMilliseconds(header.PollIntervalMs),
            StartedSuspended = header.StartedSuspended,
            SamplingIntervalMs = header.SamplingIntervalMs,
        };

        var next = reader.ReadLine();
        while (next is { } line)
        {
            lineNumber++;
            next = reader.ReadLine();
            DataLine? data;
            try
            {
                data = Deserialize<DataLine>(line, path, lineNumber);
            }
            catch (ProfilerException) when (next is null)
            {
                // The last line of a collection that was cut off mid-write: everything before it stands.
                break;
            }

            if (data?.Thread is { } thread)
            {
                timeline.Threads.Add(thread);
            }
            else if (data?.Chunk is { } chunk)
            {
                timeline.Chunks.Add(chunk);
            }
            else if (data?.Window is { } window)
            {
                timeline.Record(window);
            }
            else if (data?.Point is { } point)
            {
                if (point.DomainJoules.Count != timeline.Domains.Count)
                {
                    throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' line {lineNumber}: {point.DomainJoules.Count} energy values for {timeline.Domains.Count} domains.");
                }

                timeline.Points.Add(point);
            }
        }

        return timeline;
    }

    /// <summary>A window is written when it starts and again when it ends: the later line replaces the earlier.</summary>
    internal void Record(SamplingWindow window)
    {
        var index = SamplingWindows.FindIndex(w => w.File == window.File);
        if (index >= 0)
        {
            SamplingWindows[index] = window;
        }
        else
        {
            SamplingWindows.Add(window);
        }
    }

    private static T? Deserialize<T>(string? line, string path, int lineNumber)
        where T : class
    {
        if (line is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(line, Json);
        }
        catch (JsonException exception)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"'{path}' line {lineNumber} is not a valid timeline record: {exception.Message}", exception);
        }
    }

    internal HeaderLine Header => new(ProcessId, ProcessName, StartUtc, MachineVcpus, Sources, SourceNotes, Domains, PollInterval.TotalMilliseconds, StartedSuspended) { SamplingIntervalMs = SamplingIntervalMs };

    internal sealed record HeaderLine(
        int ProcessId,
        string ProcessName,
        DateTime StartUtc,
        int MachineVcpus,
        IReadOnlyList<EnergySourceDescription> Sources,
        IReadOnlyList<string> SourceNotes,
        IReadOnlyList<EnergyDomain> Domains,
        double PollIntervalMs,
        bool StartedSuspended)
    {
        public double SamplingIntervalMs { get; init; }
    }

    internal sealed class DataLine
    {
        public ThreadInfo? Thread { get; init; }

        public TraceChunk? Chunk { get; init; }

        public TimelinePoint? Point { get; init; }

        public SamplingWindow? Window { get; init; }
    }
}
