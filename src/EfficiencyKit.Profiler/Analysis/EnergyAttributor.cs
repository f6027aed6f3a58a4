using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EfficiencyKit.Energy;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// Bills energy to call sites (docs/profiler.md, "How joules reach a call site"):
/// <list type="number">
/// <item>per energy window (1 s), the target's energy is its CPU share of the machine's dynamic energy plus its
/// capacity share of the idle energy;</item>
/// <item>that energy is spread over the target's CPU nanoseconds, so each thread gets energy in proportion to the
/// CPU it used in each poll sub-window;</item>
/// <item>within a sub-window a thread's CPU is split equally across its stack samples that are not blocked
/// (a thread that slept gets nothing for sleeping); where all its samples there are blocked, across its running
/// samples in the nearest sampling window that has some; each sample's share goes to its first user frame;</item>
/// <item>native threads that never appear in samples are billed to managed samples inside an inference call
/// in the same sub-window, and so is the CPU of threads that ended between two polls in a window with such
/// samples (per-call sessions start and end their pools within one poll), except the final stretch of sampled
/// threads that ended, which goes to their own last samples; the profiler's EventPipe threads,
/// runtime threads, other exited threads and CPU with no samples go to named buckets, so the parts always add up
/// to the whole.</item>
/// </list>
/// </summary>
public sealed class EnergyAttributor
{
    private const string EventPipeThreadName = ".NET EventPipe";
    private const string RuntimeThreadPrefix = ".NET ";

    private readonly AnalysisOptions _options;
    private readonly CollectionTimeline _timeline;
    private readonly TraceSamples _trace;
    private readonly Dictionary<string, SiteAccumulator> _sites = [];
    private readonly Dictionary<string, MethodAccumulator> _methods = [];
    private readonly Dictionary<string, BucketAccumulator> _buckets = [];
    private readonly Dictionary<StackSample, double> _joulesBySample = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<int, string> _threadNames;
    private readonly HashSet<int> _sampledThreads;
    private readonly HashSet<int> _infrastructureThreads;

    // Per frame of the trace's table: whether it is a native boundary (an inference call). Asked of every frame of a
    // sample several times over (sub-windows, bridged windows, vanished threads), it was the analysis's largest self
    // time on a 20 s profile beside 500 threads when each ask compared method names with every prefix.
    private readonly bool[] _nativeBoundaryFrames;

    private EnergyAttributor(CollectionTimeline timeline, TraceSamples trace, AnalysisOptions options)
    {
        _timeline = timeline;
        _trace = trace;
        _options = options;
        _threadNames = timeline.Threads.GroupBy(t => t.ThreadId).ToDictionary(g => g.Key, g => g.Last().Name);
        _sampledThreads = [.. trace.Samples.Select(s => s.ThreadId)];
        _infrastructureThreads = FindInfrastructureThreads();
        _nativeBoundaryFrames = [.. trace.Frames.Select(frame => options.NativeBoundaryMethodPrefixes.Any(prefix => frame.Method.StartsWith(prefix, StringComparison.Ordinal)))];
    }

    public static EnergyReport Attribute(CollectionTimeline timeline, TraceSamples trace, AnalysisOptions options)
        => new EnergyAttributor(timeline, trace, options).Run();

    /// <summary>The report, and the energy of each distinct stack (for flame graphs such as speedscope).</summary>
    public static (EnergyReport Report, IReadOnlyList<WeightedStack> Stacks) AttributeWithStacks(CollectionTimeline timeline, TraceSamples trace, AnalysisOptions options)
    {
        var attributor = new EnergyAttributor(timeline, trace, options);
        var report = attributor.Run();
        var stacks = attributor._joulesBySample
            .GroupBy(pair => string.Join(",", pair.Key.Frames), StringComparer.Ordinal)
            .Select(group => new WeightedStack(group.First().Key.Frames.Select(f => trace.Frames[f]).ToList(), group.Sum(pair => pair.Value)))
            .OrderByDescending(stack => stack.Joules)
            .ToList();
        return (report, stacks);
    }

    private EnergyReport Run()
    {
        var points = _timeline.Points.OrderBy(p => p.UtcTicks).ToList();
        var samplesBySubWindow = GroupSamples(points, out var outside);
        var coverage = SubWindowCoverage(points);
        var sampled = coverage.Select(c => c > 0).ToArray();
        var samplesByThread = SampledSubWindowsByThread(samplesBySubWindow, sampled, _ => true);
        var runningByThread = SampledSubWindowsByThread(samplesBySubWindow, sampled, s => !IsBlocked(s));
        var pooled = PoolRuns(samplesBySubWindow, sampled);
        var bridged = Bridge(samplesBySubWindow, pooled, sampled);
        var callerSubWindows = Enumerable.Range(0, points.Count).Where(i => sampled[i] && samplesBySubWindow[i].Any(IsInsideNativeBoundary)).ToArray();
        var cpuDomains = _timeline.Domains.Select((d, i) => (d, i)).Where(x => x.d.Source != EnergySourceKind.Nvml).Select(x => x.i).ToArray();
        var gpuDomains = _timeline.Domains.Select((d, i) => (d, i)).Where(x => x.d.Source == EnergySourceKind.Nvml).Select(x => x.i).ToArray();
        var (idleWatts, idleBasis) = EstimateIdlePower(points, cpuDomains);

        double machineJoules = 0, gpuJoules = 0, processJoules = 0, processCpuNs = 0;
        foreach (var (first, last) in EnergyWindows(points))
        {
            var seconds = (points[last].UtcTicks - points[first].UtcTicks) / (double)TimeSpan.TicksPerSecond;
            var cpuEnergy = Delta(points, first, last, cpuDomains);
            machineJoules += cpuEnergy;
            gpuJoules += Delta(points, first, last, gpuDomains);

            var subWindowCpu = Enumerable.Range(first + 1, last - first).Select(i => SubWindowThreadCpu(points[i - 1], points[i])).ToList();
            var threadCpu = subWindowCpu.Sum(cpu => (double)cpu.Values.Sum());

            var processCpu = Math.Max(points[last].ProcessCpuNanoseconds - points[first].ProcessCpuNanoseconds, threadCpu);
            if (processCpu <= 0 || seconds <= 0)
            {
                continue;
            }

            var machineBusy = Math.Max(points[last].MachineBusyNanoseconds - points[first].MachineBusyNanoseconds, processCpu);
            var capacity = _timeline.MachineVcpus * seconds * 1e9;
            var idleEnergy = Math.Min(idleWatts * seconds, cpuEnergy);
            var energy = (idleEnergy * processCpu / capacity) + ((cpuEnergy - idleEnergy) * processCpu / machineBusy);
            var joulesPerNs = energy / processCpu;
            processJoules += energy;
            processCpuNs += processCpu;

            for (var i = first + 1; i <= last; i++)
            {
                // A sub-window a window covered only in part may have missed a thread (or the inference callers) that ran
                // in the rest of it: those are billed from the nearest samples too.
                var partial = coverage[i] < 1;
                BillSubWindow(
                    subWindowCpu[i - first - 1],
                    bridged[i],
                    joulesPerNs,
                    partial ? tid => NearestMatching(pooled, samplesByThread.GetValueOrDefault(tid), i, s => s.ThreadId == tid) : null,
                    partial ? () => NearestMatching(pooled, callerSubWindows, i, IsInsideNativeBoundary) ?? [] : null,
                    tid => NearestMatching(pooled, runningByThread.GetValueOrDefault(tid), i, s => s.ThreadId == tid && !IsBlocked(s)));
            }

            // Threads that ended between two polls: an InferenceSession created per call starts its own intra-op pool and
            // ends it with the session, often within one 50 ms poll, so /proc never shows that pool. While managed code was
            // inside an inference call in this window, bill such CPU to those callers, as for native threads that live on.
            var exited = processCpu - threadCpu;
            if (exited > 0)
            {
                exited -= BillVanishedThreads(points, first, last, samplesBySubWindow, sampled, exited, joulesPerNs);
            }

            if (exited > 0)
            {
                var callers = Enumerable.Range(first + 1, last - first).SelectMany(i => bridged[i]).Where(IsInsideNativeBoundary).ToList();
                BillToInferenceCallers(exited, callers, joulesPerNs, () => Bucket("[exited threads]", "exited", "CPU of threads that ended between two polls (counted by the process total, gone from /proc) while no managed thread was inside an inference call"));
            }
        }

        return BuildReport(points, machineJoules, gpuJoules, processJoules, processCpuNs, idleWatts, idleBasis, outside);
    }

    /// <summary>
    /// A sampled thread that ended between two polls ran for a while after its last CPU reading, and the process total
    /// counts that stretch while no live thread does. When polls are late (the collector was starved of CPU for a
    /// second, measured by stopping it), that stretch is large, and it belongs to the thread's own samples, not to the
    /// inference callers that CPU of unseen threads goes to (the native-pool scenario moved about 0.5 s of a busy
    /// thread's CPU to the inference site: +10 pp with the collector stopped for 1 s, +13 pp in one CI run). Each such
    /// thread is credited its CPU rate in the sub-window before (which already counts the time it slept) over the time
    /// it was alive, up to its last sample plus one sampling interval, within what the process total leaves.
    /// </summary>
    /// <returns>The CPU nanoseconds billed.</returns>
    private double BillVanishedThreads(List<TimelinePoint> points, int first, int last, List<StackSample>[] samplesBySubWindow, bool[] sampled, double unaccounted, double joulesPerNs)
    {
        var interval = TimeSpan.FromMilliseconds(_timeline.SamplingIntervalMs).Ticks;
        var vanished = new List<(List<StackSample> Samples, double Cpu)>();
        for (var i = first + 1; i <= last; i++)
        {
            if (!sampled[i])
            {
                continue;
            }

            var (start, end) = (points[i - 1], points[i]);
            foreach (var (tid, cpuAtStart) in start.ThreadCpuNanoseconds)
            {
                if (end.ThreadCpuNanoseconds.ContainsKey(tid) || !_sampledThreads.Contains(tid))
                {
                    continue;
                }

                var own = samplesBySubWindow[i].Where(s => s.ThreadId == tid).ToList();
                if (own.Count == 0)
                {
                    continue;
                }

                // Its CPU rate in the sub-window before (a thread seen for the first time at the start poll: flat out). Up to
                // its last running sample, as first written, counted a thread that sleeps between bursts short twice. The
                // CPU goes to its running samples, else to all of them, as in BillSubWindow.
                var rate = i >= 2 && points[i - 2].ThreadCpuNanoseconds.TryGetValue(tid, out var before) && start.UtcTicks > points[i - 2].UtcTicks
                    ? Math.Clamp((cpuAtStart - before) / ((start.UtcTicks - points[i - 2].UtcTicks) * 100.0), 0, 1)
                    : 1;
                var ran = Math.Min(own.Max(s => s.UtcTicks) + interval, end.UtcTicks) - start.UtcTicks;
                var running = own.Where(s => !IsBlocked(s)).ToList();
                if (rate * ran > 0)
                {
                    vanished.Add((running.Count > 0 ? running : own, rate * ran * 100.0));
                }
            }
        }

        var estimated = vanished.Sum(v => v.Cpu);
        var scale = estimated > unaccounted ? unaccounted / estimated : 1;
        foreach (var (samples, cpu) in vanished)
        {
            foreach (var sample in samples)
            {
                BillSample(sample, cpu * scale / samples.Count, joulesPerNs);
            }
        }

        return estimated * scale;
    }

    /// <param name="threadCpu">Each thread's CPU in the sub-window.</param>
    /// <param name="samples">The sub-window's samples, or for a sub-window no sampling window covered, the nearest covered one's.</param>
    /// <param name="joulesPerNs">The energy window's joules per CPU nanosecond.</param>
    /// <param name="nearest">For a sub-window sampling windows did not cover throughout: a thread's samples from the nearest covered sub-window that has some.</param>
    /// <param name="nearestCallers">For such a sub-window: the samples inside an inference call from the nearest covered sub-window that has some.</param>
    /// <param name="nearestRunning">A thread's running samples from the nearest sampling window that has some, or null.</param>
    private void BillSubWindow(Dictionary<int, long> threadCpu, List<StackSample> samples, double joulesPerNs, Func<int, List<StackSample>?>? nearest, Func<List<StackSample>>? nearestCallers, Func<int, List<StackSample>?> nearestRunning)
    {
        var samplesByThread = samples.GroupBy(s => s.ThreadId).ToDictionary(g => g.Key, g => g.ToList());
        double nativeCpu = 0;
        foreach (var (tid, cpu) in threadCpu)
        {
            if (cpu <= 0)
            {
                continue;
            }

            var name = _threadNames.TryGetValue(tid, out var n) ? n : tid.ToString(CultureInfo.InvariantCulture);
            if (name == EventPipeThreadName || _infrastructureThreads.Contains(tid))
            {
                Bucket("[profiler: EventPipe sampling]", "overhead", "the runtime's EventPipe and diagnostic threads, running because we profile").Add(cpu * joulesPerNs, cpu);
            }
            else if (samplesByThread.TryGetValue(tid, out var own) || (_sampledThreads.Contains(tid) && nearest?.Invoke(tid) is { } bridgedOwn && (own = bridgedOwn) is not null))
            {
                // The thread used CPU, so samples that caught it blocked do not say where: a thread that alternates work
                // and sleep can have only sleeping samples in a sub-window, or in a short window (one cut off by the end
                // of the run held two, both asleep, and billed 5.8% of the energy to a Thread.Sleep site beside 400
                // idle threads). Its running samples nearest in time do; only a thread never seen running bills them.
                var running = own.Where(s => !IsBlocked(s)).ToList();
                if (running.Count == 0 && nearestRunning(tid) is { Count: > 0 } elsewhere)
                {
                    running = elsewhere;
                }

                var billed = running.Count > 0 ? running : own;
                foreach (var sample in billed)
                {
                    BillSample(sample, cpu / billed.Count, joulesPerNs);
                }
            }
            else if (_sampledThreads.Contains(tid))
            {
                Bucket($"[no samples] {name}", "unsampled", "a managed thread used CPU in a sub-window where it was not sampled").Add(cpu * joulesPerNs, cpu);
            }
            else if (name.StartsWith(RuntimeThreadPrefix, StringComparison.Ordinal))
            {
                Bucket($"[runtime] {name}", "runtime", "a .NET runtime thread (JIT, GC, finalizer, …) that EventPipe does not sample").Add(cpu * joulesPerNs, cpu);
            }
            else
            {
                nativeCpu += cpu;
            }
        }

        if (nativeCpu > 0)
        {
            var callers = samples.Where(IsInsideNativeBoundary).ToList();
            BillToInferenceCallers(nativeCpu, callers.Count == 0 && nearestCallers is not null ? nearestCallers() : callers, joulesPerNs, () => Bucket("[native, unattributed]", "native", "native threads (never in EventPipe samples) busy while no managed thread was inside an inference call"));
        }
    }

    /// <summary>Splits CPU no sample saw over the samples inside an inference call, or puts it in the bucket when there are none.</summary>
    private void BillToInferenceCallers(double cpu, List<StackSample> callers, double joulesPerNs, Func<BucketAccumulator> bucket)
    {
        if (callers.Count == 0)
        {
            bucket().Add(cpu * joulesPerNs, cpu);
            return;
        }

        foreach (var caller in callers)
        {
            BillSample(caller, cpu / callers.Count, joulesPerNs);
        }
    }

    private void BillSample(StackSample sample, double cpuNs, double joulesPerNs)
    {
        var joules = cpuNs * joulesPerNs;

        // A sample can be billed more than once (native CPU, bridged sub-windows): it counts once towards the sample counts.
        var first = !_joulesBySample.ContainsKey(sample);
        _joulesBySample[sample] = _joulesBySample.GetValueOrDefault(sample) + joules;
        var site = CallSiteFrame(sample);
        var frame = _trace.Frames[site.Index];
        var key = site.IsUser ? $"{frame.Method}|{frame.File}|{frame.Line}" : "[framework] " + frame.Method;
        if (!_sites.TryGetValue(key, out var accumulator))
        {
            accumulator = new SiteAccumulator(frame, site.IsUser);
            _sites.Add(key, accumulator);
        }

        accumulator.Add(joules, cpuNs, first);

        var leaf = _trace.Frames[sample.Frames[0]];
        Method(leaf).AddSelf(joules);
        foreach (var method in sample.Frames.Select(f => _trace.Frames[f]).DistinctBy(f => (f.Method, f.Module)))
        {
            Method(method).AddInclusive(joules, first);
        }
    }

    /// <summary>The first user frame from the leaf (skipping roll-up helpers), else the leaf itself as framework code.</summary>
    private (int Index, bool IsUser) CallSiteFrame(StackSample sample)
        => CallSiteLocator.FirstUserFrame(sample.Frames, _trace.Frames, _options) is { } index
            ? (index, true)
            : (sample.Frames.Count > 0 ? sample.Frames[0] : 0, false);

    /// <summary>
    /// EventPipe's sampler and the diagnostic server run on unnamed native threads. When the target was launched
    /// suspended, unnamed threads that never appear in samples and started before the first stack sample were
    /// created by the runtime and our session (no user code had run yet), not by a native library the user called.
    /// Attached targets give no such certainty: their unnamed threads stay native.
    /// </summary>
    private HashSet<int> FindInfrastructureThreads()
    {
        if (!_timeline.StartedSuspended || _trace.Samples.Count == 0 || !_threadNames.TryGetValue(_timeline.ProcessId, out var unnamed))
        {
            return [];
        }

        var firstSample = new DateTime(_trace.Samples.Min(s => s.UtcTicks), DateTimeKind.Utc);
        return [.. _timeline.Threads
            .Where(t => t.ThreadId != _timeline.ProcessId && _threadNames[t.ThreadId] == unnamed && !_sampledThreads.Contains(t.ThreadId) && t.StartUtc <= firstSample)
            .Select(t => t.ThreadId)];
    }

    private bool IsBlocked(StackSample sample) => sample.Frames.Count > 0 && _trace.Frames[sample.Frames[0]].IsBlocking;

    private bool IsInsideNativeBoundary(StackSample sample)
        => sample.Frames.Any(f => _nativeBoundaryFrames[f]);

    /// <summary>CPU nanoseconds per thread between two polls; a thread first seen at <paramref name="end"/> started in between.</summary>
    private static Dictionary<int, long> SubWindowThreadCpu(TimelinePoint start, TimelinePoint end)
    {
        var cpu = new Dictionary<int, long>();
        foreach (var (tid, ns) in end.ThreadCpuNanoseconds)
        {
            var delta = start.ThreadCpuNanoseconds.TryGetValue(tid, out var before) ? ns - before : ns;
            if (delta > 0)
            {
                cpu[tid] = delta;
            }
        }

        return cpu;
    }

    /// <summary>
    /// The share of each sub-window that sampling windows covered: 1 throughout in collections written before windows
    /// (sampled all the time). A window still open when the collection ended (cut off) runs to the end.
    /// </summary>
    private double[] SubWindowCoverage(List<TimelinePoint> points)
    {
        var coverage = new double[points.Count];
        var windows = _timeline.SamplingWindows;
        for (var i = 1; i < points.Count; i++)
        {
            long from = points[i - 1].UtcTicks, to = points[i].UtcTicks;
            coverage[i] = windows.Count == 0 ? 1 : to <= from ? 0 : Math.Min(1, windows
                .Select(w => Math.Min(to, w.EndUtc?.Ticks ?? long.MaxValue) - Math.Max(from, w.StartUtc.Ticks))
                .Where(overlap => overlap > 0)
                .Sum(overlap => (double)overlap) / (to - from));
        }

        return coverage;
    }

    /// <summary>For each thread, the sampled sub-windows in which it has samples that <paramref name="include"/> keeps, in order.</summary>
    private static Dictionary<int, List<int>> SampledSubWindowsByThread(List<StackSample>[] samplesBySubWindow, bool[] sampled, Func<StackSample, bool> include)
    {
        var byThread = new Dictionary<int, List<int>>();
        for (var i = 0; i < samplesBySubWindow.Length; i++)
        {
            if (!sampled[i])
            {
                continue;
            }

            foreach (var tid in samplesBySubWindow[i].Where(include).Select(s => s.ThreadId).Distinct())
            {
                if (!byThread.TryGetValue(tid, out var list))
                {
                    byThread.Add(tid, list = []);
                }

                list.Add(i);
            }
        }

        return byThread;
    }

    /// <summary>
    /// For each sampled sub-window, the samples of the whole run of consecutive sampled sub-windows it belongs to (one
    /// sampling window, in effect); empty for the others. Time between windows is billed from a whole window, not from
    /// its nearest sub-window: one sub-window holds a few samples per thread, and a thread that alternates work and
    /// sleep could have only sleeping ones there (measured: +2 to +5.6 pp on the sleepy scenario beside 400 idle threads).
    /// </summary>
    private static List<StackSample>[] PoolRuns(List<StackSample>[] samplesBySubWindow, bool[] sampled)
    {
        var pooled = new List<StackSample>[samplesBySubWindow.Length];
        for (var i = 0; i < pooled.Length; i++)
        {
            if (!sampled[i])
            {
                pooled[i] = [];
                continue;
            }

            pooled[i] = i > 0 && sampled[i - 1] ? pooled[i - 1] : [];
            pooled[i].AddRange(samplesBySubWindow[i]);
        }

        return pooled;
    }

    /// <summary>
    /// The samples each sub-window is billed by: its own where a sampling window covered it, else those of the whole
    /// sampling window nearest to it (the schedule sampled only part of the time to keep its cost within budget). With no
    /// covered sub-window at all, none.
    /// </summary>
    private static List<StackSample>[] Bridge(List<StackSample>[] samplesBySubWindow, List<StackSample>[] pooled, bool[] sampled)
    {
        var covered = Enumerable.Range(1, Math.Max(sampled.Length - 1, 0)).Where(i => sampled[i]).ToArray();
        var bridged = new List<StackSample>[samplesBySubWindow.Length];
        for (var i = 0; i < bridged.Length; i++)
        {
            bridged[i] = sampled[i] || covered.Length == 0 ? samplesBySubWindow[i] : pooled[Nearest(covered, i)];
        }

        return bridged;
    }

    /// <summary>
    /// The samples that match in the sub-window of <paramref name="candidates"/> nearest to <paramref name="subWindow"/>:
    /// the candidates are the covered sub-windows, in order, that have such samples (a thread's, or those inside an
    /// inference call); null when there are none.
    /// </summary>
    private static List<StackSample>? NearestMatching(List<StackSample>[] pooled, IReadOnlyList<int>? candidates, int subWindow, Func<StackSample, bool> match)
        => candidates is { Count: > 0 } ? [.. pooled[Nearest(candidates, subWindow)].Where(match)] : null;

    /// <summary>The element of the ascending <paramref name="sorted"/> (not empty) closest to <paramref name="value"/>; the earlier one on a tie.</summary>
    private static int Nearest(IReadOnlyList<int> sorted, int value)
    {
        int low = 0, high = sorted.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low > 0 && value - sorted[low - 1] <= sorted[low] - value ? sorted[low - 1] : sorted[low];
    }

    private List<StackSample>[] GroupSamples(List<TimelinePoint> points, out int outside)
    {
        var groups = new List<StackSample>[points.Count];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = [];
        }

        var starts = points.Select(p => p.UtcTicks).ToArray();
        outside = 0;
        foreach (var sample in _trace.Samples)
        {
            // Sub-window i is (points[i-1], points[i]].
            var index = Array.BinarySearch(starts, sample.UtcTicks);
            index = index >= 0 ? index : ~index;
            if (index == 0 || index >= points.Count)
            {
                outside++;
                continue;
            }

            groups[index].Add(sample);
        }

        return groups;
    }

    private IEnumerable<(int First, int Last)> EnergyWindows(List<TimelinePoint> points)
    {
        var first = 0;
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].UtcTicks - points[first].UtcTicks >= _options.EnergyWindow.Ticks || i == points.Count - 1)
            {
                yield return (first, i);
                first = i;
            }
        }
    }

    private static double Delta(List<TimelinePoint> points, int first, int last, int[] domains)
        => domains.Sum(d => points[last].DomainJoules[d] - points[first].DomainJoules[d]);

    /// <summary>
    /// Idle watts of the metered domains. The power model knows its own; for counters, the 5th percentile of power
    /// over windows where the machine was under 5% busy, else none (all energy is then split by busy share).
    /// </summary>
    private (double Watts, string Basis) EstimateIdlePower(List<TimelinePoint> points, int[] cpuDomains)
    {
        var model = _timeline.Sources.FirstOrDefault(s => s.Kind == EnergySourceKind.PowerModel);
        if (model is not null)
        {
            double Constant(string name) => double.Parse(model.Constants[name], CultureInfo.InvariantCulture);
            var watts = Constant("pue") * ((Constant("vcpus") * Constant("idle_watts_per_vcpu")) + (Constant("memory_gb") * Constant("memory_watts_per_gb")));
            return (watts, "power model: vCPUs × idle watts + memory watts");
        }

        var idle = new List<double>();
        foreach (var (first, last) in EnergyWindows(points))
        {
            var seconds = (points[last].UtcTicks - points[first].UtcTicks) / (double)TimeSpan.TicksPerSecond;
            var busy = (points[last].MachineBusyNanoseconds - points[first].MachineBusyNanoseconds) / 1e9;
            if (seconds > 0 && busy / (seconds * _timeline.MachineVcpus) < 0.05)
            {
                idle.Add(Delta(points, first, last, cpuDomains) / seconds);
            }
        }

        if (idle.Count == 0)
        {
            return (0, "not observed (the machine was never under 5% busy): all metered energy is split by busy CPU share");
        }

        idle.Sort();
        return (idle[(int)(0.05 * (idle.Count - 1))], $"5th percentile of power over {idle.Count} windows with the machine under 5% busy");
    }

    private EnergyReport BuildReport(List<TimelinePoint> points, double machineJoules, double gpuJoules, double processJoules, double processCpuNs, double idleWatts, string idleBasis, int outside)
    {
        double Percent(double joules) => processJoules > 0 ? 100 * joules / processJoules : 0;
        var sites = _sites.Values
            .Select(s => new CallSiteEnergy(s.Frame.Method, s.Frame.Module, s.Frame.File, s.Frame.Line, s.Joules, Percent(s.Joules), s.CpuNs / 1e9, s.Samples, s.IsUser))
            .OrderByDescending(s => s.Joules)
            .ToList();
        var buckets = _buckets.Values
            .Select(b => new EnergyBucket(b.Name, b.Kind, b.Joules, b.CpuNs / 1e9, b.Reason))
            .OrderByDescending(b => b.Joules)
            .ToList();
        var methods = _methods.Values
            .Select(m => new MethodEnergy(m.Method, m.Module, m.SelfJoules, m.InclusiveJoules, m.Samples))
            .OrderByDescending(m => m.InclusiveJoules)
            .ToList();

        var overhead = buckets.Where(b => b.Kind == "overhead").Sum(b => b.Joules);
        var unattributed = buckets.Where(b => b.Kind != "overhead").Sum(b => b.Joules);
        var attributed = sites.Sum(s => s.Joules);
        var parts = attributed + overhead + unattributed;
        var error = processJoules > 0 ? Math.Abs(parts - processJoules) / processJoules : 0;
        // The origin of the joules billed to call sites: the CPU/memory sources (GPU energy is never split across call sites).
        var origins = _timeline.Sources.Where(s => s.Kind != EnergySourceKind.Nvml).Select(s => s.Origin).Distinct().ToList();

        var ai = new AiOperationAttributor(_trace, _joulesBySample, _options);
        return new EnergyReport
        {
            Tool = _options.ToolName,
            Target = new ReportTarget(_timeline.ProcessId, _timeline.ProcessName),
            StartUtc = _timeline.StartUtc,
            DurationSeconds = points.Count > 1 ? (points[^1].UtcTicks - points[0].UtcTicks) / (double)TimeSpan.TicksPerSecond : 0,
            EnergyOrigin = origins.Count == 1 ? (origins[0] == EnergyOrigin.Measured ? "measured" : "modelled") : "mixed",
            Sources = _timeline.Sources,
            Notes = [.. _timeline.SourceNotes, .. _trace.Warnings],
            Sampling = new ReportSampling(_timeline.PollInterval.TotalMilliseconds, _trace.Samples.Count, _trace.EventsLost, outside)
            {
                UnnamedSamples = _trace.UnnamedSamples,
                SamplingIntervalMilliseconds = _timeline.SamplingIntervalMs,
                ThreadsSampled = _sampledThreads.Count,
                SampledTimeShare = _timeline.SampledTimeShare(),
                SamplingWindows = _timeline.SamplingWindows.Count,
            },
            Totals = new EnergyTotals(machineJoules, gpuJoules, processJoules, attributed, unattributed, overhead, processCpuNs / 1e9, idleWatts, idleBasis),
            Conservation = new ConservationCheck(parts, processJoules, error, error <= 0.01),
            CallSites = sites,
            Methods = methods,
            Buckets = buckets,
            RemoteCalls = ai.RemoteCallSites(),
            Remote = ai.RemoteTotals(),
            LocalInference = ai.LocalInference(),
        };
    }

    private BucketAccumulator Bucket(string name, string kind, string reason)
    {
        if (!_buckets.TryGetValue(name, out var bucket))
        {
            bucket = new BucketAccumulator(name, kind, reason);
            _buckets.Add(name, bucket);
        }

        return bucket;
    }

    private MethodAccumulator Method(FrameInfo frame)
    {
        var key = frame.Module + "!" + frame.Method;
        if (!_methods.TryGetValue(key, out var method))
        {
            method = new MethodAccumulator(frame.Method, frame.Module);
            _methods.Add(key, method);
        }

        return method;
    }

    /// <summary>Joules and CPU billed to one place, and how many samples brought them.</summary>
    private abstract class Tally
    {
        public double Joules { get; private set; }

        public double CpuNs { get; private set; }

        public int Samples { get; private set; }

        public void Add(double joules, double cpuNs, bool newSample = true)
        {
            Joules += joules;
            CpuNs += cpuNs;
            Samples += newSample ? 1 : 0;
        }
    }

    private sealed class SiteAccumulator(FrameInfo frame, bool isUser) : Tally
    {
        public FrameInfo Frame { get; } = frame;

        public bool IsUser { get; } = isUser;
    }

    private sealed class MethodAccumulator(string method, string module)
    {
        public string Method { get; } = method;

        public string Module { get; } = module;

        public double SelfJoules { get; private set; }

        public double InclusiveJoules { get; private set; }

        public int Samples { get; private set; }

        public void AddSelf(double joules) => SelfJoules += joules;

        public void AddInclusive(double joules, bool newSample)
        {
            InclusiveJoules += joules;
            Samples += newSample ? 1 : 0;
        }
    }

    private sealed class BucketAccumulator(string name, string kind, string reason) : Tally
    {
        public string Name { get; } = name;

        public string Kind { get; } = kind;

        public string Reason { get; } = reason;
    }
}
