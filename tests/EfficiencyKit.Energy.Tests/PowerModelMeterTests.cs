using System.Diagnostics;
using EfficiencyKit.Energy.Sources;
using EfficiencyKit.Energy.Tests.Fixtures;

namespace EfficiencyKit.Energy.Tests;

public sealed class PowerModelMeterTests
{
    private const ulong EightGigabytes = 8UL * 1024 * 1024;

    private long _now = 1_000_000;

    [Fact]
    public void Idle_machine_draws_idle_watts_per_vcpu_and_memory_watts()
    {
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: EightGigabytes);
        using var meter = Open(proc);

        AdvanceSeconds(10);
        var sample = meter.Read();

        Assert.Equal(2 * 0.74 * 10, Joules(sample, "cpu"), 9);
        Assert.Equal(8 * 0.392 * 10, Joules(sample, "memory"), 9);
    }

    [Fact]
    public void Each_busy_CPU_second_adds_max_minus_idle_watts()
    {
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: EightGigabytes);
        using var meter = Open(proc);

        // 1 s of wall time with 150 ticks = 1.5 CPU-seconds busy (user 100 + system 30 + irq 10 + softirq 10).
        proc.SetTicks(user: 1100, nice: 0, system: 530, idle: 100050, iowait: 30, irq: 10, softirq: 30, steal: 0);
        AdvanceSeconds(1);
        var sample = meter.Read();

        Assert.Equal((2 * 0.74 * 1) + ((3.5 - 0.74) * 1.5), Joules(sample, "cpu"), 9);
    }

    [Fact]
    public void Steal_iowait_and_idle_time_are_not_busy()
    {
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: EightGigabytes);
        using var meter = Open(proc);

        proc.SetTicks(user: 1000, nice: 0, system: 500, idle: 100150, iowait: 80, irq: 0, softirq: 20, steal: 70);
        AdvanceSeconds(1);

        Assert.Equal(2 * 0.74, Joules(meter.Read(), "cpu"), 9);
    }

    [Fact]
    public void PUE_multiplies_every_term()
    {
        using var proc = new ProcFixture(cpus: 4, memTotalKilobytes: EightGigabytes);
        using var meter = PowerModelMeter.Open(new PowerModelConstants(PowerUsageEffectiveness: 1.135), proc.Root, File.ReadAllText, () => _now);

        AdvanceSeconds(2);
        var sample = meter.Read();

        Assert.Equal(1.135 * 4 * 0.74 * 2, Joules(sample, "cpu"), 9);
        Assert.Equal(1.135 * 8 * 0.392 * 2, Joules(sample, "memory"), 9);
    }

    [Fact]
    public void Description_says_modelled_with_constants_and_plus_minus_fifty_percent()
    {
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: EightGigabytes);
        using var meter = Open(proc);

        var source = Assert.Single(meter.Sources);
        Assert.Equal((EnergySourceKind.PowerModel, EnergyOrigin.Modelled), (source.Kind, source.Origin));
        Assert.Equal(0.5, source.Uncertainty.Relative);
        Assert.StartsWith("±50% (", source.Uncertainty.ToString(), StringComparison.Ordinal);
        Assert.Equal("2 vCPU + 8 GB memory, modelled from /proc/stat", source.Scope);
        Assert.Equal("0.74", source.Constants["idle_watts_per_vcpu"]);
        Assert.Equal("3.5", source.Constants["max_watts_per_vcpu"]);
        Assert.Equal("0.392", source.Constants["memory_watts_per_gb"]);
        Assert.Equal("2", source.Constants["vcpus"]);
        Assert.Equal("8", source.Constants["memory_gb"]);
    }

    [Fact]
    public void Malformed_proc_stat_names_the_file()
    {
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: EightGigabytes);
        File.WriteAllText(Path.Combine(proc.Root, "stat"), "cpu  12 x 3\ncpu0 1 2 3\n");

        var error = Assert.Throws<EnergySourceException>(() => Open(proc));

        Assert.Equal(EnergySourceKind.PowerModel, error.Kind);
        Assert.Contains("stat': field 2 of the 'cpu' line is 'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meminfo_without_MemTotal_names_the_file()
    {
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: EightGigabytes);
        File.WriteAllText(Path.Combine(proc.Root, "meminfo"), "MemFree: 10 kB\n");

        var error = Assert.Throws<EnergySourceException>(() => Open(proc));

        Assert.Contains("meminfo' has no 'MemTotal: <n> kB' line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_this_machines_real_proc()
    {
        using var meter = PowerModelMeter.Open();
        var first = meter.Read();
        var spin = Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 50)
        {
            // Burn a little CPU so the second reading has busy time to model.
        }

        var second = meter.Read();

        Assert.Equal(Environment.ProcessorCount, int.Parse(meter.Sources[0].Constants["vcpus"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(second.TotalJoules > first.TotalJoules, $"{second.TotalJoules} J after {first.TotalJoules} J");
        Assert.True(second.Timestamp > first.Timestamp);
    }

    private static double Joules(EnergySample sample, string domain) => sample.Domains.Single(d => d.Domain == domain).Joules;

    private PowerModelMeter Open(ProcFixture proc) => PowerModelMeter.Open(PowerModelConstants.CloudCarbonFootprint, proc.Root, File.ReadAllText, () => _now);

    private void AdvanceSeconds(double seconds) => _now += (long)(seconds * Stopwatch.Frequency);
}
