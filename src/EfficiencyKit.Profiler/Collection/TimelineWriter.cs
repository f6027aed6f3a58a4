using System;
using System.IO;
using System.Text.Json;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// Appends to a timeline file as collection goes (header first, then threads, chunks and points), flushing each
/// poll, and keeps the in-memory <see cref="CollectionTimeline"/> in step.
/// </summary>
internal sealed class TimelineWriter : IDisposable
{
    private readonly StreamWriter _writer;

    public TimelineWriter(string path, CollectionTimeline timeline)
    {
        Timeline = timeline;
        _writer = new StreamWriter(path);
        _writer.WriteLine(JsonSerializer.Serialize(timeline.Header, CollectionTimeline.Json));
        _writer.Flush();
    }

    public CollectionTimeline Timeline { get; }

    public void Add(ThreadInfo thread)
    {
        Timeline.Threads.Add(thread);
        Write(new CollectionTimeline.DataLine { Thread = thread });
    }

    public void Add(TraceChunk chunk)
    {
        Timeline.Chunks.Add(chunk);
        Write(new CollectionTimeline.DataLine { Chunk = chunk });
        _writer.Flush();
    }

    public void Add(SamplingWindow window)
    {
        Timeline.Record(window);
        Write(new CollectionTimeline.DataLine { Window = window });
        _writer.Flush();
    }

    public void Add(TimelinePoint point)
    {
        Timeline.Points.Add(point);
        Write(new CollectionTimeline.DataLine { Point = point });
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();

    private void Write(CollectionTimeline.DataLine line) => _writer.WriteLine(JsonSerializer.Serialize(line, CollectionTimeline.Json));
}
