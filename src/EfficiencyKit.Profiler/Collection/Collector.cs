using System;
using EfficiencyKit.Profiler.Analysis;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EfficiencyKit.Energy;
using EfficiencyKit.Energy.Sources;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// Records a target over EventPipe (stack samples, plus the JIT/loader/IL-map events needed to name frames
/// and find their lines) while polling its per-thread CPU and the machine's energy meter. The trace streams
/// to chunks (<c>trace.NNN.nettrace</c>, one EventPipe session each), the polls to <c>timeline.jsonl</c>. Every
/// chunk ends through the session's Stop with its stream still being read, so the runtime's rundown (method
/// names) reaches the file.
/// </summary>
public static class Collector
{
    private const string SampleProfilerProvider = "Microsoft-DotNETCore-SampleProfiler";
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const string CountersProvider = "System.Runtime";
    private const string SetSid = "/usr/bin/setsid";

    /// <summary>The runtime events that name frames and give their lines: JIT and loader events, IL-to-native maps.</summary>
    private const long NamingKeywords = (long)(ClrTraceEventParser.Keywords.Jit | ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.JittedMethodILToNativeMap);
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_exitGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A window sampling all the time is replaced after this long, so that no one file grows without end; not with every
    /// chunk: its frames are named by the chunks' rundowns and the method-load session, and each replacement costs the
    /// target a session start and stop (with 1 s chunks, replacing it every second put 4% of a run into exited
    /// EventPipe threads, measured).
    /// </summary>
    private static readonly TimeSpan s_longestWindow = TimeSpan.FromSeconds(60);

    /// <summary>Starts <paramref name="command"/> suspended on a diagnostic port, profiles it until it exits, the duration ends or <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<CollectionResult> LaunchAsync(string command, IReadOnlyList<string> arguments, CollectionOptions options, CancellationToken cancellationToken)
    {
        RejectSdkLaunchers(command, arguments);
        var port = Path.Combine(Path.GetTempPath(), $"dotnet-energy-{Environment.ProcessId}-{Guid.NewGuid():N}.socket");
        using var connectCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connecting = DiagnosticsClientConnector.FromDiagnosticPort(port + ",listen", connectCancellation.Token);

        // In a session of its own (setsid execs the command in place, so the PID is the target's): a terminal's
        // Ctrl+C or a SIGTERM to the tool's process group reaches only the tool, which stops the trace with its rundown
        // (the method names) before it forwards the signal. Without it, the target died first and every frame was "?".
        var ownSession = OperatingSystem.IsLinux() && File.Exists(SetSid);
        var startInfo = new ProcessStartInfo(ownSession ? SetSid : command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = options.CaptureTargetOutput,
            RedirectStandardError = options.CaptureTargetOutput,
        };
        foreach (var argument in ownSession ? [command, .. arguments] : arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_DiagnosticPorts"] = port + ",suspend,connect";
        if (!startInfo.Environment.ContainsKey(TargetSamplingInterval.VariableName))
        {
            startInfo.Environment[TargetSamplingInterval.VariableName] = TargetSamplingInterval.Format(options.SamplingIntervalMilliseconds);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new ProfilerException(ProfilerErrorKind.Target, $"Could not start '{command}'.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new ProfilerException(ProfilerErrorKind.Target, $"Could not start '{command}': {exception.Message}", exception);
        }

        using (process)
        using (StartOrphanWatchdog(process.Id))
        {
            var output = options.CaptureTargetOutput ? CaptureOutput(process) : null;
            try
            {
                var exited = process.WaitForExitAsync(cancellationToken);
                var first = await Task.WhenAny(connecting, exited, Task.Delay(s_connectTimeout, cancellationToken)).ConfigureAwait(false);
                if (first != connecting)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new ProfilerException(ProfilerErrorKind.Target, process.HasExited
                        ? $"'{command}' exited with code {process.ExitCode} before its runtime connected to the diagnostic port: is it a .NET application (.NET 5 or later) with diagnostics enabled (DOTNET_EnableDiagnostics not 0)?"
                        : $"'{command}' did not connect to the diagnostic port within {s_connectTimeout.TotalSeconds} s: is it a .NET application?");
                }

                await using var connector = await connecting.ConfigureAwait(false);
                var result = await RecordAsync(connector.Instance, process.Id, TargetName(command, arguments), process, options, cancellationToken).ConfigureAwait(false);

                // Interrupted (Ctrl+C, SIGTERM): the trace has its rundown (the method names); now the target, in a
                // session of its own, gets the signal the tool got, and time to act on it. (Passing it on first does not
                // help: .NET dies on an unhandled SIGINT at once, with no shutdown events.)
                if (cancellationToken.IsCancellationRequested && !process.HasExited
                    && PosixProcess.Signal(process.Id, options.InterruptSignal?.Invoke() ?? PosixProcess.SigInt))
                {
                    await WaitForExitWithinGraceAsync(process).ConfigureAwait(false);
                    result = result with { Warnings = [.. result.Warnings, "The interrupt was passed on to the target after the trace was complete."] };
                }

                // The runtime ends its EventPipe sessions as it shuts down, a moment before the process is gone
                // (Environment.Exit, a crash): give a target that is ending on its own the time to end.
                if (!result.StoppedByRequest && !process.HasExited)
                {
                    await WaitForExitWithinGraceAsync(process).ConfigureAwait(false);
                }

                var terminated = !process.HasExited;
                if (terminated)
                {
                    process.Kill(entireProcessTree: true);
                    result = result with { Warnings = [.. result.Warnings, "The target was still running when collection stopped and was terminated."], TargetTerminated = true };
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return result with { TargetExitCode = terminated ? null : process.ExitCode, TargetOutput = output is null ? null : await output.ConfigureAwait(false) };
            }
            finally
            {
                connectCancellation.Cancel();
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                File.Delete(port);
            }
        }
    }

    /// <summary>Gives a target that is ending (on a passed-on signal, or on its own) up to <see cref="s_exitGrace"/> to be gone.</summary>
    private static Task WaitForExitWithinGraceAsync(Process process)
        => Task.WhenAny(process.WaitForExitAsync(CancellationToken.None), Task.Delay(s_exitGrace, CancellationToken.None));

    /// <summary>
    /// A launched target must never outlive the tool, even when the tool is killed (SIGKILL runs no code of ours): a
    /// tiny shell, started beside the target, waits for this process to disappear and then kills the target. .NET
    /// cannot set PR_SET_PDEATHSIG in the child, and the kernel would fire it when the forking thread (a pool
    /// thread) exits, not the process. Disposing the watchdog (the normal end) stops it.
    /// </summary>
    private static WatchdogProcess? StartOrphanWatchdog(int targetId)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            return null;
        }

        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-c", "while kill -0 \"$1\" 2>/dev/null; do sleep 0.5; done; kill -KILL \"$2\" 2>/dev/null", "dotnet-energy-watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), targetId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(startInfo) is { } started ? new WatchdogProcess(started) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Without a shell the target is still killed on every ending the tool survives; only SIGKILL could orphan it.
            return null;
        }
    }

    /// <summary>The application's name: for <c>dotnet app.dll</c> the assembly's, else the executable's.</summary>
    public static string TargetName(string command, IReadOnlyList<string> arguments)
        => Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(command) == "dotnet" && arguments.Count > 0 ? arguments[0] : command);

    /// <summary>Attaches to the running .NET process <paramref name="processId"/>.</summary>
    public static Task<CollectionResult> AttachAsync(int processId, CollectionOptions options, CancellationToken cancellationToken)
    {
        string name;
        try
        {
            name = Process.GetProcessById(processId).ProcessName;
        }
        catch (ArgumentException)
        {
            throw new ProfilerException(ProfilerErrorKind.Usage, $"No process has id {processId}.");
        }

        DiagnosticsClient client;
        try
        {
            client = new DiagnosticsClient(processId);
        }
        catch (Exception exception) when (exception is ServerNotAvailableException or UnauthorizedAccessException)
        {
            throw NotAttachable(processId, exception);
        }

        return RecordAsync(client, processId, name, launched: null, options, cancellationToken);
    }

    private static async Task<CollectionResult> RecordAsync(DiagnosticsClient client, int processId, string processName, Process? launched, CollectionOptions options, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var warnings = new List<string>();
        var selection = EnergyMeters.Open(options.Energy);
        using var meter = selection.Meter;
        using var cpu = new ProcThreadCpuReader(processId, options.Energy.ProcRoot);
        var statPath = Path.Combine(options.Energy.ProcRoot, "stat");

        // The machine's vCPUs as /proc/stat counts them (what the meters cover), not this process's affinity or quota.
        var machineVcpus = ProcStatSnapshot.Parse(File.ReadAllText(statPath), statPath).CpuCount;
        var chunk = await TraceChunkSession.StartAsync(client, processId, options.OutputDirectory, 0, options.SamplesInChunks, cancellationToken).ConfigureAwait(false);
        var methodLoads = await TraceChunkSession.TryStartMethodLoadsAsync(client, processId, options.OutputDirectory, warnings).ConfigureAwait(false);
        TraceChunkSession? window = null;

        // A launched target stays suspended until the first poll is written, so all the CPU it spends after it resumes
        // is inside the timeline (resuming first lost 100-250 ms of a short run's start, measured).
        var suspended = launched is not null;
        try
        {
            var firstEnergy = meter.Read();
            using var writer = new TimelineWriter(CollectionFiles.TimelinePath(options.OutputDirectory), new CollectionTimeline
            {
                ProcessId = processId,
                ProcessName = processName,
                StartUtc = DateTime.UtcNow,
                MachineVcpus = machineVcpus,
                Sources = meter.Sources,
                SourceNotes = selection.Notes,
                Domains = firstEnergy.Domains.Select(d => new EnergyDomain(d.Domain, d.Source)).ToList(),
                PollInterval = options.PollInterval,
                StartedSuspended = launched is not null,

                // What the target's runtime read at start-up: ours for a launched target unless the user set their own,
                // and for an attached one whatever it was started with (1 ms, the runtime's default, when unset).
                SamplingIntervalMs = launched is not null
                    ? TargetSamplingInterval.Parse(launched.StartInfo.Environment[TargetSamplingInterval.VariableName]) ?? TargetSamplingInterval.RuntimeDefaultMilliseconds
                    : TargetSamplingInterval.OfProcess(options.Energy.ProcRoot, processId),
            });
            writer.Add(chunk.Chunk);

            var clock = Stopwatch.StartNew();
            var threadCpu = new Dictionary<int, long>();
            var schedule = new SamplingSchedule(writer.Timeline.SamplingIntervalMs, options.OverheadBudget, options.PollInterval, new Random());
            var unseen = new UnseenThreadWatch(options.PollInterval);
            var knownThreads = new HashSet<ThreadInfo>();
            long traceBytes = 0;
            var failedPolls = 0;
            var stoppedByRequest = false;
            using var timer = new PeriodicTimer(options.PollInterval);
            while (cpu.TryRead(out var processCpu, threadCpu))
            {
                try
                {
                    var energy = meter.Read();
                    var busy = (long)ProcStatSnapshot.Parse(File.ReadAllText(statPath), statPath).BusyTicks * 10_000_000L;

                    // A thread line again when a thread renames itself: the latest line for a TID wins when read back.
                    foreach (var thread in cpu.KnownThreads.Where(knownThreads.Add).ToList())
                    {
                        writer.Add(thread);
                    }

                    writer.Add(new TimelinePoint(DateTime.UtcNow.Ticks, processCpu, busy, energy.Domains.Select(d => d.Joules).ToList(), new Dictionary<int, long>(threadCpu)));
                    options.Progress?.Report(new CollectionProgress(clock.Elapsed, energy.TotalJoules - firstEnergy.TotalJoules, processCpu / 1e9, traceBytes + chunk.Bytes));
                }
                catch (Exception exception) when (exception is EnergySourceException or IOException)
                {
                    // One failed read is a gap in the timeline (its window merges into the next), not the end of the collection.
                    if (failedPolls++ == 0)
                    {
                        warnings.Add($"A CPU/energy poll failed and was skipped ({exception.Message}); later failures are counted.");
                    }
                }

                // Before the target resumes, so that a launched target is sampled from its first instruction.
                if (!options.SamplesInChunks && !chunk.HasEnded)
                {
                    window = await ScheduleSamplingAsync(client, processId, options, writer, schedule, window, threadCpu.Count, unseen.Update(threadCpu, window is not null), warnings).ConfigureAwait(false);
                }

                if (suspended)
                {
                    client.ResumeRuntime();
                    suspended = false;
                }

                if (cancellationToken.IsCancellationRequested || (options.Duration is { } duration && clock.Elapsed >= duration))
                {
                    stoppedByRequest = true;
                    break;
                }

                if (chunk.HasEnded)
                {
                    break;
                }

                if (DateTime.UtcNow - chunk.Chunk.StartUtc >= options.ChunkDuration)
                {
                    // The next session starts before this one stops: no moment goes unsampled, and this chunk gets its rundown now.
                    var next = await TraceChunkSession.TryStartAsync(client, processId, options.OutputDirectory, writer.Timeline.Chunks.Count, options.SamplesInChunks).ConfigureAwait(false);
                    if (next is not null)
                    {
                        writer.Add(next.Chunk);
                        traceBytes += chunk.Bytes;
                        var previous = chunk;
                        chunk = next;
                        await previous.StopAsync(warnings).ConfigureAwait(false);
                        previous.Dispose();
                    }
                }

                try
                {
                    await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Fall through to one last poll and a graceful stop.
                }
            }

            if (window is not null)
            {
                await StopSamplingAsync(window, writer, warnings).ConfigureAwait(false);
                window = null;
            }

            if (failedPolls > 1)
            {
                warnings.Add($"{failedPolls} CPU/energy polls failed in all.");
            }

            if (writer.Timeline.Points.Count < 2)
            {
                warnings.Add("Fewer than two CPU/energy polls were taken: the target exited almost at once, so nothing can be attributed.");
            }

            return new CollectionResult(options.OutputDirectory, processId, null, null, warnings) { StoppedByRequest = stoppedByRequest };
        }
        finally
        {
            // Never leave a launched target suspended because collection failed before its first poll.
            if (suspended)
            {
                client.ResumeRuntime();
            }

            // On every way out, errors included, the open chunk still gets its rundown.
            if (window is not null)
            {
                // Only on an error: the timeline is closed, so this window's end goes unrecorded (it runs to the next poll).
                await StopSamplingAsync(window, null, warnings).ConfigureAwait(false);
            }

            await chunk.StopAsync(warnings).ConfigureAwait(false);
            chunk.Dispose();
            if (methodLoads is not null)
            {
                await methodLoads.StopAsync(warnings).ConfigureAwait(false);
                methodLoads.Dispose();
            }
        }
    }

    /// <summary>
    /// Opens or closes the sampling window as the schedule says for the target's current thread count; a window that
    /// has run for <see cref="s_longestWindow"/> is replaced (the next one starts first, so no moment goes unsampled, and each file
    /// stays readable on its own). Returns the open window, or null.
    /// </summary>
    private static async Task<TraceChunkSession?> ScheduleSamplingAsync(DiagnosticsClient client, int processId, CollectionOptions options, TimelineWriter writer, SamplingSchedule schedule, TraceChunkSession? window, int threads, bool unseenBusyThread, List<string> warnings)
    {
        switch (schedule.Next(DateTime.UtcNow, threads, window is not null, unseenBusyThread))
        {
            case SamplingAction.Start:
                return await StartSamplingAsync(client, processId, options, writer).ConfigureAwait(false);
            case SamplingAction.Stop:
                if (await StopSamplingAsync(window!, writer, warnings).ConfigureAwait(false) is { EndUtc: { } end } stopped)
                {
                    schedule.WindowEnded(end, end - stopped.StartUtc, threads);
                }

                return null;
            default:
                if (window is not null && DateTime.UtcNow - window.Chunk.StartUtc >= s_longestWindow
                    && await StartSamplingAsync(client, processId, options, writer).ConfigureAwait(false) is { } next)
                {
                    await StopSamplingAsync(window, writer, warnings).ConfigureAwait(false);
                    return next;
                }

                return window;
        }
    }

    private static async Task<TraceChunkSession?> StartSamplingAsync(DiagnosticsClient client, int processId, CollectionOptions options, TimelineWriter writer)
    {
        var requested = DateTime.UtcNow;
        var window = await TraceChunkSession.TryStartSamplingAsync(client, processId, options.OutputDirectory, writer.Timeline.SamplingWindows.Count).ConfigureAwait(false);
        if (window is not null)
        {
            writer.Add(new SamplingWindow(window.Chunk.File, requested, null));
        }

        return window;
    }

    /// <summary>
    /// Ends a window and records when: from then on, until the next window, no stack is sampled. Returns the window's
    /// ended record, or null without a writer (or a record of its start).
    /// </summary>
    private static async Task<SamplingWindow?> StopSamplingAsync(TraceChunkSession window, TimelineWriter? writer, List<string> warnings)
    {
        await window.StopAsync(warnings).ConfigureAwait(false);
        window.Dispose();
        if (writer?.Timeline.SamplingWindows.Find(w => w.File == window.Chunk.File) is not { } started)
        {
            return null;
        }

        var stopped = started with { EndUtc = DateTime.UtcNow };
        writer.Add(stopped);
        return stopped;
    }

    /// <param name="withSamples">
    /// Sample stacks in this session too (no budget: sampled all the time, the frames named by the chunk's own rundown).
    /// Otherwise the sampling windows sample (CreateSamplingConfiguration), on a schedule that keeps their cost within budget.
    /// </param>
    internal static EventPipeSessionConfiguration CreateSessionConfiguration(bool withSamples)
    {
        EventPipeProvider[] providers =
        [
            .. withSamples ? [new EventPipeProvider(SampleProfilerProvider, EventLevel.Informational)] : Array.Empty<EventPipeProvider>(),

            // Informational, not Verbose: Verbose names methods as they are jitted (MethodLoadVerbose), but its
            // extra events, each with a stack walk here, moved 3-5 pp of the native-pool scenario's energy onto its
            // Infer site (failed 2 pp in 2 of 6 runs; 0 of 8 at Informational). The method-load session, which walks
            // no stacks, names them instead (CreateMethodLoadConfiguration).
            new(RuntimeProvider, EventLevel.Informational, NamingKeywords),
            new(AiEventReader.ProviderName, EventLevel.Informational, keywords: 0x1),
            Heartbeat(),
        ];

        // Sample events carry their stacks regardless; the stack walk is for the EfficiencyKit-AI Start events, whose
        // stack names the call site of wrapped clients (no caller information). It costs about 1 µs per event (docs/runtime.md, "Events"),
        // paid by the few events of the runtime and AI providers only.
        return new EventPipeSessionConfiguration(providers, circularBufferSizeMB: 256, requestRundown: true, requestStackwalk: true);
    }

    /// <summary>
    /// A sampling window: the sample profiler alone. Its events carry their stacks without a stack-walk request; no
    /// rundown, because the chunks' rundowns and the method-load session name the frames of every window.
    /// </summary>
    internal static EventPipeSessionConfiguration CreateSamplingConfiguration()
        => new([new(SampleProfilerProvider, EventLevel.Informational)], circularBufferSizeMB: 256, requestRundown: false, requestStackwalk: false);

    /// <summary>
    /// The method-load session: the runtime provider at Verbose (MethodLoadVerbose names each method as it is jitted,
    /// with its code range; the IL-to-native maps give lines) and nothing else, with no stack walks and no rundown.
    /// In the main session these events cost a stack walk each, and that moved 3-5 pp of the native-pool scenario's
    /// energy between sites; here they cost only their bytes.
    /// </summary>
    internal static EventPipeSessionConfiguration CreateMethodLoadConfiguration()
    {
        return new EventPipeSessionConfiguration([new(RuntimeProvider, EventLevel.Verbose, NamingKeywords), Heartbeat()], circularBufferSizeMB: 64, requestRundown: false, requestStackwalk: false);
    }

    /// <summary>
    /// The runtime's counters once a second: a session ends when the runtime fails to write to the tool, and a session
    /// with nothing to write never tries. Without stack samples in them, the chunk and method-load sessions of a killed
    /// tool stayed in the target (measured: two sessions still running 10 s after a SIGKILL); with this they end within a second.
    /// </summary>
    private static EventPipeProvider Heartbeat()
        => new(CountersProvider, EventLevel.Informational, keywords: 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" });

    internal static ProfilerException NotAttachable(int processId, Exception exception) => new(
        ProfilerErrorKind.Target,
        $"Cannot start an EventPipe session in process {processId}: it is not a .NET process (.NET 5 or later), it runs as another user, "
        + $"or diagnostics are disabled (DOTNET_EnableDiagnostics=0). {exception.Message}",
        exception);

    /// <summary>
    /// `dotnet run`/`dotnet test` start the SDK first, whose own runtimes would connect to the diagnostic port
    /// before the application; profile the built application instead.
    /// </summary>
    private static void RejectSdkLaunchers(string command, IReadOnlyList<string> arguments)
    {
        // `dotnet missing.dll` starts the SDK's CLI instead, which fails after the tool has profiled it.
        if (Path.GetFileNameWithoutExtension(command) == "dotnet" && arguments.Count > 0
            && arguments[0].EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !File.Exists(arguments[0]))
        {
            throw new ProfilerException(ProfilerErrorKind.Usage, $"'{arguments[0]}' does not exist: build the application first, then profile it: dotnet-energy run -- dotnet bin/Release/net10.0/MyApp.dll");
        }

        if (Path.GetFileNameWithoutExtension(command) == "dotnet" && arguments.Count > 0 && arguments[0] is "run" or "test" or "watch" or "build")
        {
            throw new ProfilerException(
                ProfilerErrorKind.Usage,
                $"'dotnet {arguments[0]}' starts the .NET SDK before your application, and the SDK would be profiled instead. "
                + "Build first, then profile the application itself: dotnet-energy run -- dotnet bin/Release/net10.0/MyApp.dll");
        }
    }

    private static async Task<string> CaptureOutput(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return new StringBuilder().Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false)).ToString();
    }
}
