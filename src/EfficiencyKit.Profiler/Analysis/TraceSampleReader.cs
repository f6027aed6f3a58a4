using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Diagnostics.Symbols;
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
    public static TraceSamples Read(string nettracePath)
    {
        if (!File.Exists(nettracePath))
        {
            throw new ProfilerException($"Trace '{nettracePath}' does not exist.");
        }

        var etlxPath = Path.ChangeExtension(nettracePath, ".etlx");
        long lost = 0;
        try
        {
            TraceLog.CreateFromEventPipeDataFile(nettracePath, etlxPath, new TraceLogOptions
            {
                ContinueOnError = true,
                ConversionLog = TextWriter.Null,
                OnLostEvents = (_, count, _) => lost += count,
            });
        }
        catch (Exception exception) when (exception is not ProfilerException)
        {
            throw new ProfilerException($"'{nettracePath}' is not a readable EventPipe trace: {exception.Message}", exception);
        }

        try
        {
            using var log = new TraceLog(etlxPath);
            using var symbols = new SymbolReader(TextWriter.Null, string.Empty) { SecurityCheck = _ => true };
            var frames = new List<FrameInfo>();
            var frameIndexByAddress = new Dictionary<int, int>();
            var samples = new List<StackSample>();
            foreach (var traceEvent in log.Events)
            {
                if (traceEvent is not ClrThreadSampleTraceData sample)
                {
                    continue;
                }

                var stack = new List<int>();
                for (var frame = sample.CallStack(); frame is not null; frame = frame.Caller)
                {
                    var address = frame.CodeAddress;
                    if (!frameIndexByAddress.TryGetValue((int)address.CodeAddressIndex, out var index))
                    {
                        index = frames.Count;
                        frames.Add(Resolve(address, symbols));
                        frameIndexByAddress.Add((int)address.CodeAddressIndex, index);
                    }

                    stack.Add(index);
                }

                samples.Add(new StackSample(sample.TimeStamp.ToUniversalTime().Ticks, sample.ThreadID, stack));
            }

            return new TraceSamples(samples, frames, lost + log.EventsLost);
        }
        finally
        {
            File.Delete(etlxPath);
        }
    }

    private static FrameInfo Resolve(TraceCodeAddress address, SymbolReader symbols)
    {
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
                line = location.LineNumber;
            }
        }

        return new FrameInfo(method, module, file, line, isUser, FrameClassifier.IsBlocking(method));
    }
}
