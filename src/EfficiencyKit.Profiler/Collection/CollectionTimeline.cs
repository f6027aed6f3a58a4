using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using EfficiencyKit.Energy;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// Everything collected besides the trace: the energy sources and why they were chosen, the machine's size,
/// the target's threads, and the polled CPU/energy points. Saved as JSON Lines (a header line, then one line
/// per thread or point) so a long collection streams to disk and <c>report</c> can re-attribute it later.
/// </summary>
public sealed class CollectionTimeline
{
    private static readonly JsonSerializerOptions s_json = new()
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

    public List<ThreadInfo> Threads { get; } = [];

    public List<TimelinePoint> Points { get; } = [];

    public void Save(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine(JsonSerializer.Serialize(new HeaderLine(ProcessId, ProcessName, StartUtc, MachineVcpus, Sources, SourceNotes, Domains, PollInterval.TotalMilliseconds, StartedSuspended), s_json));
        foreach (var thread in Threads)
        {
            writer.WriteLine(JsonSerializer.Serialize(new DataLine { Thread = thread }, s_json));
        }

        foreach (var point in Points)
        {
            writer.WriteLine(JsonSerializer.Serialize(new DataLine { Point = point }, s_json));
        }
    }

    public static CollectionTimeline Load(string path)
    {
        using var reader = new StreamReader(path);
        var lineNumber = 1;
        var header = Deserialize<HeaderLine>(reader.ReadLine(), path, lineNumber)
            ?? throw new ProfilerException($"'{path}' is empty: it should start with the timeline header line.");
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
        };

        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var data = Deserialize<DataLine>(line, path, lineNumber);
            if (data?.Thread is { } thread)
            {
                timeline.Threads.Add(thread);
            }
            else if (data?.Point is { } point)
            {
                if (point.DomainJoules.Count != timeline.Domains.Count)
                {
                    throw new ProfilerException($"'{path}' line {lineNumber}: {point.DomainJoules.Count} energy values for {timeline.Domains.Count} domains.");
                }

                timeline.Points.Add(point);
            }
        }

        return timeline;
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
            return JsonSerializer.Deserialize<T>(line, s_json);
        }
        catch (JsonException exception)
        {
            throw new ProfilerException($"'{path}' line {lineNumber} is not a valid timeline record: {exception.Message}", exception);
        }
    }

    private sealed record HeaderLine(
        int ProcessId,
        string ProcessName,
        DateTime StartUtc,
        int MachineVcpus,
        IReadOnlyList<EnergySourceDescription> Sources,
        IReadOnlyList<string> SourceNotes,
        IReadOnlyList<EnergyDomain> Domains,
        double PollIntervalMs,
        bool StartedSuspended);

    private sealed class DataLine
    {
        public ThreadInfo? Thread { get; init; }

        public TimelinePoint? Point { get; init; }
    }
}
