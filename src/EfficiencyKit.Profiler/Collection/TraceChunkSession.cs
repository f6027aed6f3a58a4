using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Diagnostics.NETCore.Client;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>One EventPipe session streaming into one trace chunk file.</summary>
internal sealed class TraceChunkSession : IDisposable
{
    /// <summary>
    /// How long the runtime gets to answer. A launched target talks over a reversed diagnostic port, where each request
    /// waits for the runtime to connect back: a target that died between two polls never does, and a request without a
    /// limit waited for ever (a run of a target dying mid-chunk hung once in a test run, measured).
    /// </summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Longer than a start: the runtime answers a stop after its rundown, which takes seconds in a large application.</summary>
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(60);

    private readonly EventPipeSession _session;
    private readonly FileStream _file;
    private readonly Task _copying;
    private bool _stopped;

    private TraceChunkSession(EventPipeSession session, FileStream file, TraceChunk chunk)
    {
        _session = session;
        _file = file;
        Chunk = chunk;
        _copying = session.EventStream.CopyToAsync(file, CancellationToken.None);
    }

    public TraceChunk Chunk { get; }

    /// <summary>True once the runtime closed the stream (the target exited).</summary>
    public bool HasEnded => _copying.IsCompleted;

    public long Bytes => _file.Length;

    public static Task<TraceChunkSession> StartAsync(DiagnosticsClient client, int processId, string directory, int index, bool withSamples, CancellationToken cancellationToken)
        => StartAsync(client, processId, Collector.CreateSessionConfiguration(withSamples), directory, CollectionFiles.TraceName(index), cancellationToken);

    /// <summary>
    /// The method-load session (<see cref="CollectionFiles.MethodLoads"/>): names methods as they are jitted, for the
    /// chunk a target dies in without a rundown. Null, with a warning, where the runtime refuses a second session:
    /// only that chunk's names are then at risk.
    /// </summary>
    public static async Task<TraceChunkSession?> TryStartMethodLoadsAsync(DiagnosticsClient client, int processId, string directory, List<string> warnings)
    {
        try
        {
            return await StartAsync(client, processId, Collector.CreateMethodLoadConfiguration(), directory, CollectionFiles.MethodLoads, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ProfilerException or ServerErrorException)
        {
            warnings.Add($"The method-load session did not start ({exception.Message}): if the target crashes, the frames of its last trace chunk stay unnamed.");
            return null;
        }
    }

    /// <summary>
    /// A stack-sampling window (<see cref="CollectionFiles.SamplesName"/>): the sample profiler alone, no rundown (the
    /// chunks' rundowns and the method-load session name its frames). Null where the target refuses it (on its way out).
    /// </summary>
    public static async Task<TraceChunkSession?> TryStartSamplingAsync(DiagnosticsClient client, int processId, string directory, int index)
    {
        try
        {
            return await StartAsync(client, processId, Collector.CreateSamplingConfiguration(), directory, CollectionFiles.SamplesName(index), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ProfilerException or ServerErrorException)
        {
            return null;
        }
    }

    private static async Task<TraceChunkSession> StartAsync(DiagnosticsClient client, int processId, EventPipeSessionConfiguration configuration, string directory, string name, CancellationToken cancellationToken)
    {
        EventPipeSession session;
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        answered.CancelAfter(s_startTimeout);
        try
        {
            session = await client.StartEventPipeSessionAsync(configuration, answered.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or UnsupportedCommandException or UnauthorizedAccessException or IOException)
        {
            throw Collector.NotAttachable(processId, exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProfilerException(ProfilerErrorKind.Target, $"Process {processId} did not answer a request to start an EventPipe session within {s_startTimeout.TotalSeconds} s: it is exiting, or hung.", exception);
        }

        var path = Path.Combine(directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
        return new TraceChunkSession(session, file, new TraceChunk(name, DateTime.UtcNow));
    }

    /// <summary>Starts the next chunk, or returns null when the target is going away (the current chunk then runs to its end).</summary>
    public static async Task<TraceChunkSession?> TryStartAsync(DiagnosticsClient client, int processId, string directory, int index, bool withSamples)
    {
        try
        {
            return await StartAsync(client, processId, directory, index, withSamples, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ProfilerException or ServerErrorException)
        {
            // A target on its way out refuses new sessions (E_FAIL); the current chunk runs to its end.
            return null;
        }
    }

    /// <summary>
    /// Stops the session while still reading its stream, so the runtime's rundown (method names) reaches the file.
    /// Never throws: a target that went away or a broken stream becomes a warning. Stopping twice does nothing.
    /// </summary>
    public async Task StopAsync(List<string> warnings)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            if (!_copying.IsCompleted)
            {
                using var answered = new CancellationTokenSource(s_stopTimeout);
                await _session.StopAsync(answered.Token).ConfigureAwait(false);
            }

            await _copying.ConfigureAwait(false);
            await _file.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or EndOfStreamException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            warnings.Add($"{Chunk.File} did not end cleanly ({exception.GetType().Name}): method names may be missing for its last moments.");
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        _session.Dispose();
    }
}
