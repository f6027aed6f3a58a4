using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>
/// Attribution on hand-built timelines. With the power model's constants (2 vCPU, no memory), a process's
/// energy is exactly 0.74 J idle share + 2.76 J dynamic = 3.5 J per CPU-second it used.
/// </summary>
public sealed class EnergyAttributorTests
{
    private const double JoulesPerCpuSecond = 3.5;

    [Fact]
    public void Threads_are_billed_by_their_CPU_and_parts_add_up_to_the_whole()
    {
        var trace = new SyntheticTrace(false, (1, "worker-a"), (2, "worker-b"));
        var siteA = trace.Frame("App.Tagger.Tag(string)", line: 20);
        var siteB = trace.Frame("App.Embedder.Embed(string)", line: 40);
        for (var i = 0; i < 10; i++)
        {
            trace.Step(Cpu((1, 60), (2, 30)), otherBusyMs: 50, (1, [siteA]), (2, [siteB]));
        }

        var report = trace.Attribute();

        Assert.Equal(0.9 * JoulesPerCpuSecond, report.Totals.ProcessJoules, 9);
        Assert.Equal([("App.Tagger.Tag(string)", 20), ("App.Embedder.Embed(string)", 40)], report.CallSites.Select(s => (s.Method, s.Line!.Value)));
        Assert.Equal(0.6 * JoulesPerCpuSecond, report.CallSites[0].Joules, 9);
        Assert.Equal(0.3 * JoulesPerCpuSecond, report.CallSites[1].Joules, 9);
        Assert.Equal(200.0 / 3, report.CallSites[0].Percent, 6);
        Assert.Equal(0.6, report.CallSites[0].CpuSeconds, 9);
        Assert.Equal(10, report.CallSites[0].Samples);
        Assert.Empty(report.Buckets);
        Assert.True(report.Conservation.WithinOnePercent);
        Assert.Equal(0, report.Conservation.RelativeError, 9);
        Assert.Equal("modelled", report.EnergyOrigin);
    }

    [Fact]
    public void A_blocked_sample_gets_nothing_when_the_thread_also_ran()
    {
        var (trace, compute, rest, sleep) = WorkAndSleep();
        for (var i = 0; i < 10; i++)
        {
            trace.Step(Cpu((1, 50)), 0, (1, [compute]), (1, [sleep, rest]));
        }

        var report = trace.Attribute();

        var site = Assert.Single(report.CallSites);
        Assert.Equal("App.Worker.Compute()", site.Method);
        Assert.Equal(0.5 * JoulesPerCpuSecond, site.Joules, 9);
    }

    [Fact]
    public void Without_runtime_events_sites_seen_inside_an_AI_client_are_listed_with_unknown_energy()
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var serialize = trace.Frame("OpenAI.Chat.ChatClient.CompleteChat(class System.Collections.Generic.IEnumerable`1<class OpenAI.Chat.ChatMessage>)", module: "OpenAI", file: null, line: null);
        var caller = trace.Frame("App.Triage.Summarize(string)", line: 31);
        var other = trace.Frame("App.Triage.Parse(string)", line: 12);
        for (var i = 0; i < 5; i++)
        {
            trace.Step(Cpu((1, 20)), 0, (1, [serialize, caller]), (1, [other]));
        }

        var report = trace.Attribute();

        var remote = Assert.Single(report.RemoteCalls);
        Assert.Equal(("App.Triage.Summarize(string)", 31), (remote.Method, remote.Line!.Value));
        Assert.Null(remote.Calls);
        Assert.Null(remote.MinJoules);
        Assert.Contains("WithEnergyTracking", remote.Basis, System.StringComparison.Ordinal);
        Assert.Null(report.Remote);
        Assert.Empty(report.LocalInference);
    }

    [Fact]
    public void Library_frames_and_roll_up_helpers_are_billed_to_the_calling_user_frame()
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var linq = trace.Frame("System.Linq.Enumerable.Sum(class System.Collections.Generic.IEnumerable`1<float32>)", module: "System.Linq", file: null, line: null);
        var helper = trace.Frame("App.VectorHelper.Dot(float32[],float32[])", line: 5);
        var caller = trace.Frame("App.Search.Rank(string)", line: 77);
        for (var i = 0; i < 10; i++)
        {
            trace.Step(Cpu((1, 40)), 0, (1, [linq, helper, caller]));
        }

        var rolledUp = trace.Attribute(new AnalysisOptions { RollUpMethodPrefixes = ["App.VectorHelper."] });
        var plain = trace.Attribute();

        Assert.Equal(("App.Search.Rank(string)", 77), (rolledUp.CallSites.Single().Method, rolledUp.CallSites.Single().Line!.Value));
        Assert.Equal("App.VectorHelper.Dot(float32[],float32[])", plain.CallSites.Single().Method);
        var sum = plain.Methods.Single(m => m.Method.StartsWith("System.Linq.Enumerable.Sum", System.StringComparison.Ordinal));
        Assert.Equal(0.4 * JoulesPerCpuSecond, sum.SelfJoules, 9);
        Assert.Equal(0.4 * JoulesPerCpuSecond, plain.Methods.Single(m => m.Method == "App.Search.Rank(string)").InclusiveJoules, 9);
        Assert.Equal(0, plain.Methods.Single(m => m.Method == "App.Search.Rank(string)").SelfJoules, 9);
    }

    [Fact]
    public void Native_pool_CPU_is_billed_to_the_managed_caller_inside_InferenceSession_Run()
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var run = trace.Frame("Microsoft.ML.OnnxRuntime.InferenceSession.Run(class System.Collections.Generic.IReadOnlyCollection`1<class Microsoft.ML.OnnxRuntime.NamedOnnxValue>)", module: "Microsoft.ML.OnnxRuntime", file: null, line: null);
        var classify = trace.Frame("App.Intents.Classify(string)", line: 31);
        trace.Thread(7, "app").Thread(8, "app");
        for (var i = 0; i < 10; i++)
        {
            trace.Step(Cpu((1, 20), (7, 40), (8, 40)), 0, (1, [run, classify]));
        }

        var report = trace.Attribute();

        var site = Assert.Single(report.CallSites);
        Assert.Equal(("App.Intents.Classify(string)", 31), (site.Method, site.Line!.Value));
        Assert.Equal(1.0 * JoulesPerCpuSecond, site.Joules, 9);
        Assert.Empty(report.Buckets);
    }

    [Fact]
    public void A_sampled_thread_that_ends_between_polls_keeps_its_last_stretch_of_CPU()
    {
        // Thread 1 runs at half a core and ends 30 ms into the last step (its sample there is at 50 ms, and the
        // sampling interval is 10 ms); only the process total counts those 30 ms. Thread 2 waits inside Run while the
        // native pool (thread 7) computes: the unseen CPU used to go to it, as if the pool had spawned threads.
        var trace = new SyntheticTrace(false, (1, "worker"), (2, "caller"));
        var busy = trace.Frame("App.Worker.Busy()", line: 5);
        var run = trace.Frame("Microsoft.ML.OnnxRuntime.InferenceSession.Run(class System.Collections.Generic.IReadOnlyCollection`1<class Microsoft.ML.OnnxRuntime.NamedOnnxValue>)", module: "Microsoft.ML.OnnxRuntime", file: null, line: null);
        var classify = trace.Frame("App.Intents.Classify(string)", line: 31);
        trace.Thread(7, "caller");
        for (var i = 0; i < 5; i++)
        {
            trace.Step(Cpu((1, 50), (2, 10), (7, 40)), 0, (1, [busy]), (2, [run, classify]));
        }

        trace.StepThenExit(1, Cpu((1, 30), (2, 10), (7, 40)), (1, [busy]), (2, [run, classify]));

        var report = trace.Attribute();

        var sites = report.CallSites.ToDictionary(s => s.Method, s => s.CpuSeconds);
        Assert.Equal(0.280, sites["App.Worker.Busy()"], 9);
        Assert.Equal(0.300, sites["App.Intents.Classify(string)"], 9);
        Assert.Empty(report.Buckets);
        Assert.True(report.Conservation.WithinOnePercent);
    }

    [Fact]
    public void Native_CPU_with_no_caller_inside_an_inference_call_is_unattributed()
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var other = trace.Frame("App.Worker.Idle()", line: 3);
        trace.Thread(7, "app");
        for (var i = 0; i < 10; i++)
        {
            trace.Step(Cpu((1, 10), (7, 40)), 0, (1, [other]));
        }

        var report = trace.Attribute();

        var native = Assert.Single(report.Buckets);
        Assert.Equal(("[native, unattributed]", "native"), (native.Name, native.Kind));
        Assert.Equal(0.4 * JoulesPerCpuSecond, native.Joules, 9);
        Assert.Equal(0.4 * JoulesPerCpuSecond, report.Totals.UnattributedJoules, 9);
        Assert.True(report.Conservation.WithinOnePercent);
    }

    [Fact]
    public void EventPipe_and_runtime_threads_go_to_overhead_and_runtime_buckets()
    {
        var trace = new SyntheticTrace(false, (1, "worker"), (5, ".NET EventPipe"), (6, ".NET Tiered Com"));
        var site = trace.Frame("App.Worker.Run()", line: 9);
        for (var i = 0; i < 10; i++)
        {
            trace.Step(Cpu((1, 50), (5, 2), (6, 3)), 0, (1, [site]));
        }

        var report = trace.Attribute();

        Assert.Equal(0.02 * JoulesPerCpuSecond, report.Totals.OverheadJoules, 9);
        var runtime = report.Buckets.Single(b => b.Kind == "runtime");
        Assert.Equal("[runtime] .NET Tiered Com", runtime.Name);
        Assert.Equal(0.03 * JoulesPerCpuSecond, runtime.Joules, 9);
        Assert.Equal(0.5 * JoulesPerCpuSecond, report.Totals.AttributedJoules, 9);
    }

    [Fact]
    public void Unnamed_threads_started_before_the_first_sample_of_a_suspended_launch_are_profiler_overhead()
    {
        var suspended = new SyntheticTrace(true, (3, "app"));
        var attached = new SyntheticTrace(false, (3, "app"));
        foreach (var trace in new[] { suspended, attached })
        {
            var site = trace.Frame("Program.Main(string[])", line: 1);
            trace.Step(Cpu((3, 1)), 0, (SyntheticTrace.ProcessId, [site]));
            trace.Thread(4, "app");
            for (var i = 0; i < 9; i++)
            {
                trace.Step(Cpu((SyntheticTrace.ProcessId, 50), (3, 1), (4, 2)), 0, (SyntheticTrace.ProcessId, [site]));
            }
        }

        var suspendedBuckets = suspended.Attribute().Buckets.ToDictionary(b => b.Kind, b => b.CpuSeconds);
        Assert.Equal(0.010, suspendedBuckets["overhead"], 9);
        Assert.Equal(0.018, suspendedBuckets["native"], 9);
        Assert.Equal(0.028, attached.Attribute().Buckets.Single().CpuSeconds, 9);
        Assert.Equal("native", attached.Attribute().Buckets.Single().Kind);
    }

    [Fact]
    public void CPU_of_threads_that_exited_between_polls_is_an_exited_bucket()
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var site = trace.Frame("App.Worker.Run()", line: 9);
        for (var i = 0; i < 5; i++)
        {
            trace.Step(Cpu((1, 50)), 0, (1, [site]));
        }

        trace.AddProcessCpuOnly(100);
        for (var i = 0; i < 5; i++)
        {
            trace.Step(Cpu((1, 50)), 0, (1, [site]));
        }

        var report = trace.Attribute();

        var exited = Assert.Single(report.Buckets);
        Assert.Equal(("[exited threads]", "exited"), (exited.Name, exited.Kind));
        Assert.Equal(0.1, exited.CpuSeconds, 9);
        Assert.Equal(0.6, report.Totals.ProcessCpuSeconds, 9);
        Assert.True(report.Conservation.WithinOnePercent);
    }

    [Fact]
    public void Managed_CPU_in_a_sub_window_without_samples_is_reported_not_guessed()
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var site = trace.Frame("App.Worker.Run()", line: 9);
        trace.Step(Cpu((1, 50)), 0, (1, [site]));
        for (var i = 0; i < 9; i++)
        {
            trace.Step(Cpu((1, 50)));
        }

        var report = trace.Attribute();

        Assert.Equal(0.05 * JoulesPerCpuSecond, report.CallSites.Single().Joules, 9);
        Assert.Equal("[no samples] worker", report.Buckets.Single().Name);
        Assert.Equal(0.45 * JoulesPerCpuSecond, report.Buckets.Single().Joules, 9);
    }

    [Fact]
    public void Stacks_without_user_code_are_framework_call_sites()
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        var gc = trace.Frame("System.GC.Collect()", module: "System.Private.CoreLib", file: null, line: null);
        for (var i = 0; i < 10; i++)
        {
            trace.Step(Cpu((1, 10)), 0, (1, [gc]));
        }

        var site = Assert.Single(trace.Attribute().CallSites);
        Assert.False(site.IsUserCode);
        Assert.Equal("System.GC.Collect()", site.Method);
    }

    [Fact]
    public void Time_between_sampling_windows_is_billed_from_the_nearest_window_and_each_sample_counts_once()
    {
        // Windows cover steps 0-1 and 6-7 of ten. Thread 1 computes at A in the first window and at B in the second;
        // thread 2 runs at C in step 0 and again in step 4, which no window covered and whose nearest window never saw it.
        var trace = new SyntheticTrace(false, (1, "worker"), (2, "helper"));
        var a = trace.Frame("App.Worker.A()", line: 11);
        var b = trace.Frame("App.Worker.B()", line: 22);
        var c = trace.Frame("App.Helper.C()", line: 33);
        trace.OpenWindow();
        trace.Step(Cpu((1, 80), (2, 20)), 0, (1, [a]), (2, [c]));
        trace.Step(Cpu((1, 80)), 0, (1, [a]));
        trace.CloseWindow();
        trace.Step(Cpu((1, 80))).Step(Cpu((1, 80))).Step(Cpu((1, 80), (2, 20))).Step(Cpu((1, 80)));
        trace.OpenWindow();
        trace.Step(Cpu((1, 80)), 0, (1, [b]));
        trace.Step(Cpu((1, 80)), 0, (1, [b]));
        trace.CloseWindow();
        trace.Step(Cpu((1, 80))).Step(Cpu((1, 80)));

        var report = trace.Attribute();

        // Steps 2 and 3 are nearer the first window, steps 4, 5, 8 and 9 nearer the second.
        var sites = report.CallSites.ToDictionary(s => s.Method);
        Assert.Equal(4 * 0.08 * JoulesPerCpuSecond, sites["App.Worker.A()"].Joules, 9);
        Assert.Equal(6 * 0.08 * JoulesPerCpuSecond, sites["App.Worker.B()"].Joules, 9);
        Assert.Equal(2 * 0.02 * JoulesPerCpuSecond, sites["App.Helper.C()"].Joules, 9);
        Assert.Equal([2, 2, 1], new[] { "App.Worker.A()", "App.Worker.B()", "App.Helper.C()" }.Select(m => sites[m].Samples));
        Assert.Empty(report.Buckets);
        Assert.Equal(0.4, report.Sampling.SampledTimeShare, 9);
        Assert.Equal(2, report.Sampling.SamplingWindows);
        Assert.True(report.Conservation.WithinOnePercent);
    }

    [Fact]
    public void A_thread_whose_nearest_window_caught_it_only_asleep_is_billed_by_its_running_samples_elsewhere()
    {
        // A thread alternating work and sleep: the first window (steps 0-3) catches it computing and sleeping, the
        // second (step 8, cut short by the end of the run) only sleeping. Steps 6-9 are nearer the second window, and
        // step 8 itself holds only a sleeping sample, yet the thread used CPU in each: that CPU is Compute's.
        var (trace, compute, rest, sleep) = WorkAndSleep();
        trace.OpenWindow();
        for (var i = 0; i < 4; i++)
        {
            trace.Step(Cpu((1, 25)), 0, (1, [compute]), (1, [sleep, rest]));
        }

        trace.CloseWindow();
        trace.Step(Cpu((1, 25))).Step(Cpu((1, 25))).Step(Cpu((1, 25))).Step(Cpu((1, 25)));
        trace.OpenWindow();
        trace.Step(Cpu((1, 25)), 0, (1, [sleep, rest]));
        trace.CloseWindow();
        trace.Step(Cpu((1, 25)));

        var report = trace.Attribute();

        var site = Assert.Single(report.CallSites);
        Assert.Equal("App.Worker.Compute()", site.Method);
        Assert.Equal(10 * 0.025 * JoulesPerCpuSecond, site.Joules, 9);
        Assert.Empty(report.Buckets);
        Assert.True(report.Conservation.WithinOnePercent);
    }

    private static Dictionary<int, double> Cpu(params (int Tid, double Ms)[] threads) => threads.ToDictionary(t => t.Tid, t => t.Ms);

    /// <summary>One thread, "worker", and the frames of a site that computes and one that sleeps in <c>Thread.Sleep</c>.</summary>
    private static (SyntheticTrace Trace, int Compute, int Resting, int Sleep) WorkAndSleep()
    {
        var trace = new SyntheticTrace(false, (1, "worker"));
        return (trace,
            trace.Frame("App.Worker.Compute()", line: 11),
            trace.Frame("App.Worker.Rest()", line: 22),
            trace.Frame("System.Threading.Thread.Sleep(int32)", module: "System.Private.CoreLib", file: null, line: null));
    }
}
