using System;

namespace EfficiencyKit.Profiler.Collection;

/// <summary>
/// When EventPipe's stack sampler runs. Each sample suspends the runtime and walks every managed thread, so its cost
/// grows with the thread count: continuous sampling cost a one-thread target 1.2% of its throughput at 10 ms and
/// 8.2% at 1 ms, and 17.5% and 53.6% with 500 idle threads beside it (docs/profiler.md, "Overhead"). The schedule
/// keeps the expected cost under a budget by sampling in windows (one EventPipe session each) that cover a share of the
/// time, the duty cycle; the attributor bills the moments between windows from the nearest window.
/// </summary>
internal sealed class SamplingSchedule
{
    /// <summary>Fixed cost of one sample (runtime suspension and the sampler's own work), fitted to the 10 ms row of the overhead table.</summary>
    private const double SampleCostMs = 0.12;

    /// <summary>Cost of walking one more thread at each sample, from the same harness (500 idle threads: +22.5% at 10 ms, measured 2026-12-03).</summary>
    private const double ThreadCostMs = 0.0045;

    /// <summary>
    /// Windows cover about this much of each period (duty cycle × period), so the gaps the attributor bridges stay
    /// short, without a session per poll: each window is one EventPipe session and one file to read back.
    /// </summary>
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(2);

    private readonly double _intervalMs;
    private readonly double _budget;
    private readonly TimeSpan _minimumWindow;
    private readonly Random _random;
    private DateTime _windowEnd = DateTime.MaxValue;
    private DateTime _nextStart = DateTime.MinValue;

    /// <summary>The open window was started to sample all the time: its length says nothing about the next gap.</summary>
    private bool _openedContinuous;

    /// <summary>Before this, no window starts early for a thread that no window has seen.</summary>
    private DateTime _nextEarlyStart = DateTime.MinValue;

    /// <param name="intervalMs">The runtime's sampling interval.</param>
    /// <param name="budget">Share of the target's throughput sampling may cost (0.015 = 1.5%); 1 or more samples all the time.</param>
    /// <param name="minimumWindow">The shortest window: one poll, so that each window bills at least one sub-window from its own samples.</param>
    /// <param name="random">Jitters the gaps, so that a target with a periodic load is not always sampled in the same phase.</param>
    public SamplingSchedule(double intervalMs, double budget, TimeSpan minimumWindow, Random random)
    {
        _intervalMs = intervalMs;
        _budget = budget;
        _minimumWindow = minimumWindow;
        _random = random;
    }

    /// <summary>The expected share of a busy thread's throughput that continuous sampling costs with <paramref name="threads"/> threads.</summary>
    public static double ContinuousCost(int threads, double intervalMs) => (SampleCostMs + (ThreadCostMs * Math.Max(threads, 1))) / intervalMs;

    /// <summary>The share of time to sample so that the expected cost stays within the budget (1: all the time).</summary>
    public double DutyCycle(int threads) => Math.Min(1, _budget / ContinuousCost(threads, _intervalMs));

    /// <summary>
    /// What to do now, given the target's current thread count and whether a window is open: start one, stop it, or
    /// nothing. A window opened at a duty cycle of 1 stays open until the thread count calls for windows.
    /// </summary>
    /// <param name="now">The poll's time.</param>
    /// <param name="threads">The target's thread count.</param>
    /// <param name="windowOpen">Whether a window is sampling.</param>
    /// <param name="unseenBusyThread">
    /// A thread that no window has seen is using CPU. Its stacks are nowhere to be billed from (before, a site thread that
    /// started after the first window and ended before the next, whose gap can be several seconds under load, had all its
    /// CPU in <c>[native, unattributed]</c>, measured in CI), so a window starts now instead of at its time, at most once
    /// per period; the next gap is then planned from this window as from any other.
    /// </param>
    public SamplingAction Next(DateTime now, int threads, bool windowOpen, bool unseenBusyThread = false)
    {
        var duty = DutyCycle(threads);
        if (windowOpen)
        {
            if (duty >= 1)
            {
                _windowEnd = DateTime.MaxValue;
                return SamplingAction.None;
            }

            if (_windowEnd == DateTime.MaxValue)
            {
                // Opened as continuous, and the target has grown: this window has run long enough.
                _windowEnd = now;
            }

            if (now < _windowEnd)
            {
                return SamplingAction.None;
            }

            _nextStart = now + Gap(Window(duty), duty);
            return SamplingAction.Stop;
        }

        if (now < _nextStart)
        {
            if (!unseenBusyThread || now < _nextEarlyStart)
            {
                return SamplingAction.None;
            }

            _nextEarlyStart = now + s_period;
        }

        _openedContinuous = duty >= 1;
        _windowEnd = _openedContinuous ? DateTime.MaxValue : now + Window(duty);
        return SamplingAction.Start;
    }

    /// <summary>
    /// A window has ended at <paramref name="end"/> after sampling for <paramref name="length"/>, from the request to start
    /// it to the end of its stop: longer than planned, because the runtime keeps sampling until it has handled the stop
    /// (with 500 threads at 1 ms, windows planned at 50 ms sampled for several hundred). The next one waits in proportion,
    /// so the time sampled stays at the duty cycle.
    /// </summary>
    public void WindowEnded(DateTime end, TimeSpan length, int threads)
    {
        // A window opened to sample all the time (a target that then grew its threads) keeps the gap planned at its stop:
        // scaled by its whole length, one that ran for seconds left a 5 s run with no second window (measured in CI).
        var duty = DutyCycle(threads);
        if (duty < 1 && !_openedContinuous)
        {
            _nextStart = end + Gap(length, duty);
        }
    }

    private TimeSpan Window(double duty) => TimeSpan.FromTicks(Math.Max(_minimumWindow.Ticks, (long)(duty * s_period.Ticks)));

    /// <summary>The time between windows for a duty cycle, jittered by ±50%.</summary>
    private TimeSpan Gap(TimeSpan window, double duty) => ((window / duty) - window) * (0.5 + _random.NextDouble());
}
