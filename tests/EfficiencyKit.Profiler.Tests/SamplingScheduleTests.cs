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
