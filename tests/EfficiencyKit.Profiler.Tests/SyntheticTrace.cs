using EfficiencyKit.Energy;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// Builds a timeline and samples by hand, with the power model as source (2 vCPU, no memory, PUE 1): energy
/// is then exactly 1.48 J per second idle plus 2.76 J per busy CPU-second, so expected joules can be computed.
/// </summary>
internal sealed class SyntheticTrace
{
    public const int ProcessId = 1000;
    private const long Start = 638_000_000_000_000_000;

    private readonly List<TimelinePoint> _points = [];
    private readonly List<ThreadInfo> _threads = [new(ProcessId, "app", new DateTime(Start, DateTimeKind.Utc))];
    private readonly List<StackSample> _samples = [];
    private readonly List<FrameInfo> _frames = [];
    private readonly Dictionary<int, long> _threadCpu = [];
    private readonly List<SamplingWindow> _windows = [];
    private long _processCpu;
    private long _machineBusy;
    private double _machineJoules;
    private long _now = Start;

    /// <param name="startedSuspended">As if launched suspended by the profiler.</param>
    /// <param name="threadsAtStart">Threads alive at the first poll.</param>
    public SyntheticTrace(bool startedSuspended = false, params (int Tid, string Name)[] threadsAtStart)
    {
        StartedSuspended = startedSuspended;
        foreach (var (tid, name) in threadsAtStart)
        {
            Thread(tid, name);
        }

        Poll();
    }

    public bool StartedSuspended { get; }

    public SyntheticTrace Thread(int tid, string name)
    {
        _threads.Add(new ThreadInfo(tid, name, new DateTime(_now, DateTimeKind.Utc)));
        _threadCpu[tid] = 0;
        return this;
    }

    public int Frame(string method, string module = "App", string? file = "/src/App.cs", int? line = 10)
        => AddFrame(new FrameInfo(method, module, file, line, FrameClassifier.IsUserModule(module), FrameClassifier.IsBlocking(method)));

    /// <summary>Advances 100 ms: each thread uses the given CPU milliseconds; the machine is busy with the same plus <paramref name="otherBusyMs"/>.</summary>
    public SyntheticTrace Step(IReadOnlyDictionary<int, double> cpuMs, double otherBusyMs = 0, params (int Tid, int[] Frames)[] samples)
        => Advance(cpuMs, otherBusyMs, samples, exiting: null);

    /// <summary>A step at whose end, before the poll, thread <paramref name="exiting"/> ends: only the process total keeps its CPU in the step.</summary>
    public SyntheticTrace StepThenExit(int exiting, IReadOnlyDictionary<int, double> cpuMs, params (int Tid, int[] Frames)[] samples)
        => Advance(cpuMs, 0, samples, exiting);

    private SyntheticTrace Advance(IReadOnlyDictionary<int, double> cpuMs, double otherBusyMs, (int Tid, int[] Frames)[] samples, int? exiting)
    {
        var at = _now + TimeSpan.FromMilliseconds(50).Ticks;
        foreach (var (tid, frames) in samples)
        {
            _samples.Add(new StackSample(at, tid, frames));
        }

        foreach (var (tid, ms) in cpuMs)
        {
            _threadCpu[tid] = _threadCpu.GetValueOrDefault(tid) + (long)(ms * 1e6);
            _processCpu += (long)(ms * 1e6);
        }

        var busyNs = (long)((cpuMs.Values.Sum() + otherBusyMs) * 1e6);
        _machineBusy += busyNs;
        _machineJoules += (2 * 0.74 * 0.1) + ((3.5 - 0.74) * busyNs / 1e9);
        _now += TimeSpan.FromMilliseconds(100).Ticks;
        if (exiting is { } ended)
        {
            _threadCpu.Remove(ended);
        }

        Poll();
        return this;
    }

    /// <summary>A sampling window starts now (stacks are given only for steps inside windows).</summary>
    public SyntheticTrace OpenWindow()
    {
        _windows.Add(new SamplingWindow($"samples/{_windows.Count:0000}.nettrace", new DateTime(_now, DateTimeKind.Utc), null));
        return this;
    }

    public SyntheticTrace CloseWindow()
    {
        _windows[^1] = _windows[^1] with { EndUtc = new DateTime(_now, DateTimeKind.Utc) };
        return this;
    }

    public SyntheticTrace ExitThread(int tid)
    {
        _threadCpu.Remove(tid);
        return this;
    }

    public SyntheticTrace AddProcessCpuOnly(double ms)
    {
        _processCpu += (long)(ms * 1e6);
        return this;
    }

    public EfficiencyKit.Profiler.Reports.EnergyReport Attribute(AnalysisOptions? options = null)
    {
        var timeline = new CollectionTimeline
        {
            ProcessId = ProcessId,
            ProcessName = "app",
            StartUtc = new DateTime(Start, DateTimeKind.Utc),
            MachineVcpus = 2,
            Sources =
            [
                new EnergySourceDescription(
                    EnergySourceKind.PowerModel,
                    EnergyOrigin.Modelled,
                    "2 vCPU + 0 GB memory, modelled from /proc/stat",
                    new Dictionary<string, string>(new PowerModelConstants().ToDictionary()) { ["vcpus"] = "2", ["memory_gb"] = "0" },
                    PowerModelConstants.Uncertainty),
            ],
            SourceNotes = ["CPU and memory energy is modelled, not measured: test."],
            Domains = [new EnergyDomain("cpu", EnergySourceKind.PowerModel)],
            PollInterval = TimeSpan.FromMilliseconds(100),
            SamplingIntervalMs = 10,
            StartedSuspended = StartedSuspended,
        };
        timeline.Threads.AddRange(_threads);
        timeline.Points.AddRange(_points);
        timeline.SamplingWindows.AddRange(_windows);
        return EnergyAttributor.Attribute(timeline, new TraceSamples(_samples, _frames, 0), options ?? new AnalysisOptions());
    }

    private int AddFrame(FrameInfo frame)
    {
        _frames.Add(frame);
        return _frames.Count - 1;
    }

    private void Poll()
        => _points.Add(new TimelinePoint(_now, _processCpu, _machineBusy, [_machineJoules], new Dictionary<int, long>(_threadCpu)));
}
