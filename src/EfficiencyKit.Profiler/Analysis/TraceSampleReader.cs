using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EfficiencyKit.Profiler.Collection;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// Reads the stack samples of a <c>.nettrace</c> through TraceEvent's TraceLog (file mode: method names from
/// JIT and rundown events, IL offsets from IL-to-native maps), resolving user frames to file:line from the
/// portable PDBs next to their assemblies. No symbol server is contacted.
/// </summary>
public static class TraceSampleReader
{
    /// <summary>
    /// Reads a collection's traces: the stack samples of its sampling windows (or, in collections written before
    /// windows, of its chunks) and the AI events of its chunks. Each file keeps the samples it owns (its start up to the
    /// next file's start: sessions overlap, samples do not count twice). A file that cannot be read (the last one of a
    /// collection that was cut off) is skipped with a warning, as long as another could be read.
    /// </summary>
    public static TraceSamples ReadChunks(string directory, CollectionTimeline timeline)
    {
        var frames = new List<FrameInfo>();
        var frameIndex = new Dictionary<FrameInfo, int>();
        var samples = new List<StackSample>();
        var aiEvents = new Dictionary<(long, bool), AiOperationEvent>();
        var warnings = new List<string>();
        var methodLoads = Path.Combine(directory, CollectionFiles.MethodLoads);
        var jitted = JittedMethodMap.Load([methodLoads, .. timeline.Chunks.Select(chunk => Path.Combine(directory, chunk.File))]);
        long lost = 0;
        void Append(IReadOnlyList<TraceChunk> files)
        {
            for (var i = 0; i < files.Count; i++)
            {
                TraceSamples chunk;
                try
                {
                    chunk = Read(Path.Combine(directory, files[i].File), jitted);
                }
                catch (ProfilerException exception) when (files.Count > 1)
                {
                    warnings.Add($"{files[i].File} was skipped: {exception.Message}");
                    continue;
                }

                var from = files[i].StartUtc.Ticks;
                var to = i + 1 < files.Count ? files[i + 1].StartUtc.Ticks : long.MaxValue;
                var remap = chunk.Frames.Select(frame =>
                {
                    if (!frameIndex.TryGetValue(frame, out var index))
                    {
                        index = frames.Count;
                        frames.Add(frame);
                        frameIndex.Add(frame, index);
                    }

                    return index;
                }).ToArray();
                samples.AddRange(chunk.Samples
                    .Where(sample => sample.UtcTicks >= from && sample.UtcTicks < to)
                    .Select(sample => sample with { Frames = sample.Frames.Select(f => remap[f]).ToArray() }));

                // Chunks overlap, so an event can be in two of them: the operation id and the opcode identify it.
                foreach (var aiEvent in chunk.AiEvents)
                {
                    aiEvents.TryAdd((aiEvent.OperationId, aiEvent.IsStart), aiEvent with { StackFrames = aiEvent.StackFrames.Select(f => remap[f]).ToArray() });
                }

                lost += chunk.EventsLost;
                warnings.AddRange(chunk.Warnings);
            }
        }

        Append(timeline.Chunks);
        Append([.. timeline.SamplingWindows.Select(window => new TraceChunk(window.File, window.StartUtc))]);

        // Names come from each chunk's rundown, or from the method-load session for a chunk the target died in; a
        // stack with no name at all is billed to no call site, so say how much of the trace that is.
        var unnamed = samples.Count(sample => sample.Frames.All(frame => frames[frame].Method == "?"));
        if (samples.Count > 0 && unnamed > 0.1 * samples.Count)
        {
            warnings.Add($"{100.0 * unnamed / samples.Count:0}% of the stack samples name no method (no rundown{(File.Exists(methodLoads) ? string.Empty : " and no method-load trace")}): their energy is billed to no call site.");
        }

        return new TraceSamples(samples, frames, lost) { Warnings = warnings, AiEvents = [.. aiEvents.Values.OrderBy(e => e.UtcTicks)], UnnamedSamples = unnamed };
    }

    public static TraceSamples Read(string nettracePath) => Read(nettracePath, null);

    /// <param name="nettracePath">One chunk.</param>
    /// <param name="jitted">Names for the frames the chunk's own rundown does not name (a target that died mid-chunk), or null.</param>
    internal static TraceSamples Read(string nettracePath, JittedMethodMap? jitted)
    {
        if (!File.Exists(nettracePath))
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"Trace '{nettracePath}' does not exist.");
        }

        var etlxPath = Path.ChangeExtension(nettracePath, ".etlx");
        try
        {
            TraceLog.CreateFromEventPipeDataFile(nettracePath, etlxPath, new TraceLogOptions
            {
                ContinueOnError = true,
                ConversionLog = TextWriter.Null,
            });
        }
        catch (Exception exception) when (exception is not ProfilerException)
        {
            throw new ProfilerException(ProfilerErrorKind.Input, $"'{nettracePath}' is not a readable EventPipe trace: {exception.Message}", exception);
        }

        try
        {
            using var log = new TraceLog(etlxPath);
            using var symbols = new SymbolReader(TextWriter.Null, SymbolSearchPath.For(log)) { SecurityCheck = _ => true };
            var frames = new List<FrameInfo>();
            var frameIndexByAddress = new Dictionary<int, int>();
            var samples = new List<StackSample>();
            var aiEvents = new List<AiOperationEvent>();
            List<int> Stack(TraceEvent traceEvent)
            {
                var stack = new List<int>();
                for (var frame = traceEvent.CallStack(); frame is not null; frame = frame.Caller)
                {
                    var address = frame.CodeAddress;
                    if (!frameIndexByAddress.TryGetValue((int)address.CodeAddressIndex, out var index))
                    {
                        index = frames.Count;
                        frames.Add(Resolve(address, symbols, jitted));
                        frameIndexByAddress.Add((int)address.CodeAddressIndex, index);
                    }

                    stack.Add(index);
                }

                return stack;
            }

            var warnings = new List<string>();
            try
            {
                foreach (var traceEvent in log.Events)
                {
                    if (traceEvent is ClrThreadSampleTraceData sample)
                    {
                        // A sample whose stack could not be walked names no code to bill.
                        var stack = Stack(sample);
                        if (stack.Count > 0)
                        {
                            samples.Add(new StackSample(sample.TimeStamp.ToUniversalTime().Ticks, sample.ThreadID, stack));
                        }
                    }
                    else if (traceEvent.ProviderName == AiEventReader.ProviderName && AiEventReader.TryRead(traceEvent, Stack(traceEvent)) is { } aiEvent)
                    {
                        aiEvents.Add(aiEvent);
                    }
                }
            }
            catch (Exception exception) when (TruncatedTrace.Is(exception))
            {
                // A chunk the target's death cut off can end inside an event: keep what was read before it.
                warnings.Add($"{Path.GetFileName(nettracePath)} ends early ({exception.Message}): {samples.Count} stack samples were read before that point.");
            }

            // TraceLog.EventsLost already includes what the conversion reported through OnLostEvents.
            return new TraceSamples(samples, frames, log.EventsLost) { AiEvents = aiEvents, Warnings = warnings };
        }
        finally
        {
            File.Delete(etlxPath);
        }
    }

    private static FrameInfo Resolve(TraceCodeAddress address, SymbolReader symbols, JittedMethodMap? jitted)
    {
        if (string.IsNullOrEmpty(address.FullMethodName) && jitted?.Resolve(address.Address, symbols) is { } named)
        {
            return named;
        }

        var method = string.IsNullOrEmpty(address.FullMethodName) ? "?" : address.FullMethodName;
        var module = address.ModuleName ?? "?";
        var isUser = FrameClassifier.IsUserModule(module) && method != "?";
        string? file = null;
        int? line = null;
        if (isUser)
        {
            var location = address.GetSourceLine(symbols);
            if (location is not null)
            {
                file = location.SourceFile?.BuildTimeFilePath;
                line = SourceLines.Visible(location.LineNumber);
            }
        }

        return new FrameInfo(method, module, file, line, isUser, FrameClassifier.IsBlocking(method));
    }
}
