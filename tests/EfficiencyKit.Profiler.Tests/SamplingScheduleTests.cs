using EfficiencyKit.Profiler.Collection;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>The sampling schedule keeps stack sampling's expected cost within budget as the target's thread count changes.</summary>
public sealed class SamplingScheduleTests
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    [Theory]
    [InlineData(10, 10, 1.0)]
    [InlineData(10, 20, 1.0)]
    [InlineData(10, 500, 0.084)]
    [InlineData(1, 10, 0.12)]
    [InlineData(1, 500, 0.0084)]
    public void The_duty_cycle_falls_as_threads_and_sampling_rate_rise(double intervalMs, int threads, double expected)
    {
        var schedule = new SamplingSchedule(intervalMs, 0.02, s_poll, new Random(1));

        var duty = schedule.DutyCycle(threads);

        Assert.Equal(expected, duty, 0.01 + (0.1 * expected));
        Assert.True(duty * SamplingSchedule.ContinuousCost(threads, intervalMs) <= 0.02 + 1e-12);
    }

    [Fact]
    public void A_small_target_is_sampled_all_the_time_in_one_window()
    {
        var (share, starts, _) = Simulate(new SamplingSchedule(10, 0.02, s_poll, new Random(7)), TimeSpan.FromSeconds(60), _ => 12);

        Assert.Equal(1, starts);
        Assert.Equal(1, share, 2);
    }

    [Theory]
    [InlineData(10, 500)]
    [InlineData(1, 100)]
    [InlineData(1, 500)]
    public void A_thread_heavy_target_is_sampled_in_windows_covering_the_duty_cycle(double intervalMs, int threads)
    {
        var schedule = new SamplingSchedule(intervalMs, 0.02, s_poll, new Random(3));

        var (share, starts, shortest) = Simulate(schedule, TimeSpan.FromMinutes(10), _ => threads);

        // Windows are whole polls, so the share can exceed the duty cycle by up to one poll per window.
        var duty = schedule.DutyCycle(threads);
        Assert.InRange(share, 0.8 * duty, (1.3 * duty) + 0.01);
        Assert.True(starts > 50, $"{starts} windows in ten minutes");
        Assert.True(shortest >= s_poll, $"a window of {shortest.TotalMilliseconds} ms");
    }

    [Fact]
    public void A_target_that_grows_its_thread_pool_goes_from_one_window_to_several()
    {
        var schedule = new SamplingSchedule(10, 0.02, s_poll, new Random(5));

        var (share, starts, _) = Simulate(schedule, TimeSpan.FromSeconds(60), elapsed => elapsed < TimeSpan.FromSeconds(30) ? 12 : 500);

        Assert.True(starts > 5, $"{starts} windows");
        Assert.InRange(share, 0.5, 0.6);
    }

    [Fact]
    public void A_window_that_sampled_longer_than_planned_delays_the_next_in_proportion()
    {
        var schedule = new SamplingSchedule(1, 0.02, s_poll, new Random(9));
        var start = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(SamplingAction.Start, schedule.Next(start, 500, windowOpen: false));
        Assert.Equal(SamplingAction.Stop, schedule.Next(start + s_poll, 500, windowOpen: true));

        // Planned 50 ms, but the runtime sampled for 500 ms before the stop took effect: at a duty cycle of 0.84%, the
        // next window waits at least half of 500 ms / 0.0084, about 29 s (the gap is jittered by ±50%).
        var end = start + TimeSpan.FromMilliseconds(500);
        schedule.WindowEnded(end, end - start, 500);

        Assert.Equal(SamplingAction.None, schedule.Next(end + TimeSpan.FromSeconds(25), 500, windowOpen: false));
        Assert.Equal(SamplingAction.Start, schedule.Next(end + TimeSpan.FromSeconds(90), 500, windowOpen: false));
    }

    [Fact]
    public void A_busy_thread_no_window_has_seen_starts_a_window_early_at_most_once_per_period()
    {
        // 400 threads at 10 ms: a duty cycle of 7.8%, so the gap after a window is at least 0.9 s.
        var schedule = new SamplingSchedule(10, 0.015, s_poll, new Random(3));
        var start = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(SamplingAction.Start, schedule.Next(start, 400, windowOpen: false));
        var stop = start + TimeSpan.FromMilliseconds(200);
        Assert.Equal(SamplingAction.Stop, schedule.Next(stop, 400, windowOpen: true));
        schedule.WindowEnded(stop, stop - start, 400);

        Assert.Equal(SamplingAction.None, schedule.Next(stop + s_poll, 400, windowOpen: false));
        Assert.Equal(SamplingAction.Start, schedule.Next(stop + (2 * s_poll), 400, windowOpen: false, unseenBusyThread: true));
        var second = stop + (6 * s_poll);
        Assert.Equal(SamplingAction.Stop, schedule.Next(second, 400, windowOpen: true));
        schedule.WindowEnded(second, 4 * s_poll, 400);

        // Another unseen thread within the same 2 s period waits for the window's planned time.
        Assert.Equal(SamplingAction.None, schedule.Next(second + s_poll, 400, windowOpen: false, unseenBusyThread: true));
        Assert.Equal(SamplingAction.Start, schedule.Next(stop + TimeSpan.FromSeconds(2.2), 400, windowOpen: false, unseenBusyThread: true));
    }

    [Fact]
    public void Only_busy_threads_that_were_alive_during_no_window_count_as_unseen()
    {
        const long Ms = 1_000_000;
        var watch = new UnseenThreadWatch(s_poll);

        Assert.False(watch.Update(new Dictionary<int, long> { [1] = 0 }, windowOpen: true));
        Assert.False(watch.Update(new Dictionary<int, long> { [1] = 50 * Ms }, windowOpen: false));
        Assert.True(watch.Update(new Dictionary<int, long> { [1] = 100 * Ms, [2] = 20 * Ms }, windowOpen: false));
        Assert.False(watch.Update(new Dictionary<int, long> { [1] = 150 * Ms, [2] = 21 * Ms }, windowOpen: false));
        Assert.False(watch.Update(new Dictionary<int, long> { [1] = 200 * Ms, [2] = 40 * Ms }, windowOpen: true));
        Assert.False(watch.Update(new Dictionary<int, long> { [1] = 250 * Ms, [2] = 90 * Ms }, windowOpen: false));
    }

    /// <summary>Polls every 50 ms as the collector does; returns the share of time inside windows, how many started, and the shortest.</summary>
    private static (double Share, int Starts, TimeSpan Shortest) Simulate(SamplingSchedule schedule, TimeSpan length, Func<TimeSpan, int> threads)
    {
        var start = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc);
        var open = (DateTime?)null;
        var covered = TimeSpan.Zero;
        var shortest = TimeSpan.MaxValue;
        var starts = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < length; elapsed += s_poll)
        {
            var now = start + elapsed;
            switch (schedule.Next(now, threads(elapsed), open is not null))
            {
                case SamplingAction.Start:
                    open = now;
                    starts++;
                    break;
                case SamplingAction.Stop:
                    covered += now - open!.Value;
                    shortest = now - open.Value < shortest ? now - open.Value : shortest;
                    open = null;
                    break;
            }
        }

        if (open is { } last)
        {
            covered += start + length - last;
        }

        return (covered / length, starts, shortest);
    }
}
