using System.Diagnostics;
using EfficiencyKit.Energy.Sources;
using EfficiencyKit.Energy.Tests.Fixtures;

namespace EfficiencyKit.Energy.Tests;

public sealed class EnergyMetersTests
{
    private static readonly Func<IEnergyMeter> s_noGpu = () => throw new EnergySourceException(EnergySourceKind.Nvml, "libnvidia-ml.so.1 could not be loaded.");

    [Fact]
    public void Auto_without_RAPL_models_the_CPU_and_says_why()
    {
        using var sysfs = new PowercapFixture();
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: 4UL * 1024 * 1024);

        var selection = EnergyMeters.Open(Options(sysfs, proc), File.ReadAllText, s_noGpu);
        using var meter = selection.Meter;

        Assert.IsType<PowerModelMeter>(meter);
        Assert.Collection(
            selection.Notes,
            note => Assert.StartsWith("CPU and memory energy is modelled, not measured: '", note, StringComparison.Ordinal),
            note => Assert.Equal("GPU energy not included: libnvidia-ml.so.1 could not be loaded.", note));
    }

    [Fact]
    public void Auto_with_RAPL_measures_and_adds_no_CPU_note()
    {
        using var sysfs = new PowercapFixture().AddZone("intel-rapl:0", "package-0", 0);
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: 4UL * 1024 * 1024);

        var selection = EnergyMeters.Open(Options(sysfs, proc) with { Gpu = GpuEnergySource.None }, File.ReadAllText, s_noGpu);
        using var meter = selection.Meter;

        Assert.IsType<PowercapRaplMeter>(meter);
        Assert.Empty(selection.Notes);
    }

    [Fact]
    public void Explicit_RAPL_that_cannot_be_read_fails_instead_of_falling_back()
    {
        using var sysfs = new PowercapFixture();
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: 4UL * 1024 * 1024);

        var error = Assert.Throws<EnergySourceException>(
            () => EnergyMeters.Open(Options(sysfs, proc) with { Cpu = CpuEnergySource.Rapl }, File.ReadAllText, s_noGpu));

        Assert.Equal(EnergySourceKind.PowercapRapl, error.Kind);
    }

    [Fact]
    public void Explicit_power_model_is_used_even_where_RAPL_exists()
    {
        using var sysfs = new PowercapFixture().AddZone("intel-rapl:0", "package-0", 0);
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: 4UL * 1024 * 1024);

        var selection = EnergyMeters.Open(Options(sysfs, proc) with { Cpu = CpuEnergySource.PowerModel, Gpu = GpuEnergySource.None }, File.ReadAllText, s_noGpu);
        using var meter = selection.Meter;

        Assert.IsType<PowerModelMeter>(meter);
        Assert.Equal(["CPU and memory energy is modelled because the power model was chosen explicitly."], selection.Notes);
    }

    [Fact]
    public void Explicit_NVML_that_cannot_be_opened_fails()
    {
        using var sysfs = new PowercapFixture().AddZone("intel-rapl:0", "package-0", 0);
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: 4UL * 1024 * 1024);

        var error = Assert.Throws<EnergySourceException>(
            () => EnergyMeters.Open(Options(sysfs, proc) with { Gpu = GpuEnergySource.Nvml }, File.ReadAllText, s_noGpu));

        Assert.Equal(EnergySourceKind.Nvml, error.Kind);
    }

    [Fact]
    public void GPU_meter_is_combined_with_the_CPU_meter_and_both_sources_are_described()
    {
        using var sysfs = new PowercapFixture().AddZone("intel-rapl:0", "package-0", 0);
        using var proc = new ProcFixture(cpus: 2, memTotalKilobytes: 4UL * 1024 * 1024);
        var gpu = new FixedGpuMeter(42.5);

        var selection = EnergyMeters.Open(Options(sysfs, proc), File.ReadAllText, () => gpu);
        using var meter = selection.Meter;
        sysfs.SetEnergy("intel-rapl:0", 10_000_000);
        var sample = meter.Read();

        Assert.Equal([EnergySourceKind.PowercapRapl, EnergySourceKind.Nvml], meter.Sources.Select(s => s.Kind));
        Assert.Equal(10.0, sample.JoulesFrom(EnergySourceKind.PowercapRapl), 9);
        Assert.Equal(42.5, sample.JoulesFrom(EnergySourceKind.Nvml), 9);
        Assert.Equal(52.5, sample.TotalJoules, 9);
        Assert.Empty(selection.Notes);
        meter.Dispose();
        Assert.True(gpu.Disposed);
    }

    /// <summary>
    /// Runs wherever the tests run: on a machine with an NVIDIA driver it reads real GPU energy; elsewhere it
    /// checks the error that says the driver is missing. Either way NVML behaviour is asserted.
    /// </summary>
    [Fact]
    public void Real_NVML_reads_GPU_energy_or_reports_why_not()
    {
        NvmlMeter meter;
        try
        {
            meter = NvmlMeter.Open();
        }
        catch (EnergySourceException error)
        {
            Assert.Equal(EnergySourceKind.Nvml, error.Kind);
            Assert.Matches("libnvidia-ml.so.1 could not be loaded|nvmlInit failed|no GPU has an energy counter|NVML lists no GPUs", error.Message);
            return;
        }

        using (meter)
        {
            var first = meter.Read();
            var second = meter.Read();
            Assert.NotEmpty(first.Domains);
            Assert.All(first.Domains, d => Assert.StartsWith("gpu-", d.Domain, StringComparison.Ordinal));
            Assert.All(second.Domains, d => Assert.True(d.Joules >= 0));
            Assert.Equal(EnergyOrigin.Measured, meter.Sources[0].Origin);
        }
    }

    private static EnergyMeterOptions Options(PowercapFixture sysfs, ProcFixture proc)
        => new() { PowercapRoot = sysfs.ClassRoot, ProcRoot = proc.Root };

    private sealed class FixedGpuMeter(double joules) : IEnergyMeter
    {
        public bool Disposed { get; private set; }

        public IReadOnlyList<EnergySourceDescription> Sources { get; } =
        [
            new(EnergySourceKind.Nvml, EnergyOrigin.Measured, "GPU gpu-0 (test)", new Dictionary<string, string>(), new EnergyUncertainty(null, "test")),
        ];

        public EnergySample Read() => new(Stopwatch.GetTimestamp(), [new EnergyDomainReading("gpu-0 (test)", EnergySourceKind.Nvml, joules)]);

        public void Dispose() => Disposed = true;
    }
}
