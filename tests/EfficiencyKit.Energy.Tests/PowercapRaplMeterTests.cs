using EfficiencyKit.Energy.Sources;
using EfficiencyKit.Energy.Tests.Fixtures;

namespace EfficiencyKit.Energy.Tests;

public sealed class PowercapRaplMeterTests
{
    [Fact]
    public void Reads_package_and_DRAM_but_not_core_or_uncore()
    {
        using var sysfs = new PowercapFixture()
            .AddZone("intel-rapl:0", "package-0", 1_000_000)
            .AddZone("intel-rapl:0:0", "core", 500_000)
            .AddZone("intel-rapl:0:1", "uncore", 100_000)
            .AddZone("intel-rapl:0:2", "dram", 2_000_000);
        using var meter = PowercapRaplMeter.Open(sysfs.ClassRoot);

        sysfs.SetEnergy("intel-rapl:0", 13_500_000).SetEnergy("intel-rapl:0:0", 9_000_000).SetEnergy("intel-rapl:0:2", 4_250_000);
        var sample = meter.Read();

        Assert.Equal(["package-0", "dram-0"], sample.Domains.Select(d => d.Domain));
        Assert.Equal(12.5, sample.Domains[0].Joules, 9);
        Assert.Equal(2.25, sample.Domains[1].Joules, 9);
        Assert.Equal(14.75, sample.TotalJoules, 9);
        var source = Assert.Single(meter.Sources);
        Assert.Equal((EnergySourceKind.PowercapRapl, EnergyOrigin.Measured), (source.Kind, source.Origin));
        Assert.Equal("CPU package 0 + DRAM 0", source.Scope);
        Assert.Null(source.Uncertainty.Relative);
        Assert.Contains("not quantified", source.Uncertainty.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sums_every_socket()
    {
        using var sysfs = new PowercapFixture()
            .AddZone("intel-rapl:0", "package-0", 0)
            .AddZone("intel-rapl:0:0", "dram", 0)
            .AddZone("intel-rapl:1", "package-1", 0)
            .AddZone("intel-rapl:1:0", "dram", 0);
        using var meter = PowercapRaplMeter.Open(sysfs.ClassRoot);

        sysfs.SetEnergy("intel-rapl:0", 30_000_000).SetEnergy("intel-rapl:0:0", 3_000_000)
            .SetEnergy("intel-rapl:1", 20_000_000).SetEnergy("intel-rapl:1:0", 2_000_000);
        var sample = meter.Read();

        Assert.Equal(["package-0", "dram-0", "package-1", "dram-1"], sample.Domains.Select(d => d.Domain));
        Assert.Equal(55.0, sample.TotalJoules, 9);
        Assert.Equal("CPU packages 0, 1 + DRAM 0, 1", meter.Sources[0].Scope);
    }

    [Fact]
    public void Prefers_psys_which_already_includes_packages_and_DRAM()
    {
        using var sysfs = new PowercapFixture()
            .AddZone("intel-rapl:0", "package-0", 0)
            .AddZone("intel-rapl:0:0", "dram", 0)
            .AddZone("intel-rapl:1", "psys", 0);
        using var meter = PowercapRaplMeter.Open(sysfs.ClassRoot);

        sysfs.SetEnergy("intel-rapl:0", 5_000_000).SetEnergy("intel-rapl:1", 8_000_000);
        var sample = meter.Read();

        var domain = Assert.Single(sample.Domains);
        Assert.Equal(("psys", 8.0), (domain.Domain, domain.Joules));
        Assert.StartsWith("platform (psys", meter.Sources[0].Scope, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrects_a_counter_wrap_at_max_energy_range()
    {
        const ulong max = 65_532_610_987;
        using var sysfs = new PowercapFixture().AddZone("intel-rapl:0", "package-0", max - 1_000_000, max);
        using var meter = PowercapRaplMeter.Open(sysfs.ClassRoot);

        sysfs.SetEnergy("intel-rapl:0", 3_000_000);
        var afterWrap = meter.Read();
        sysfs.SetEnergy("intel-rapl:0", 5_000_000);
        var later = meter.Read();

        Assert.Equal(4.0, afterWrap.TotalJoules, 9);
        Assert.Equal(6.0, later.TotalJoules, 9);
    }

    [Fact]
    public void Ignores_mmio_zones_that_duplicate_the_package()
    {
        using var sysfs = new PowercapFixture()
            .AddZone("intel-rapl:0", "package-0", 0)
            .AddZone("intel-rapl-mmio:0", "package-0", 0, controlType: "intel-rapl-mmio");
        using var meter = PowercapRaplMeter.Open(sysfs.ClassRoot);

        sysfs.SetEnergy("intel-rapl:0", 1_000_000).SetEnergy("intel-rapl-mmio:0", 1_000_000);

        Assert.Equal(1.0, meter.Read().TotalJoules, 9);
    }

    [Fact]
    public void Package_without_a_DRAM_zone_says_so_in_its_scope()
    {
        using var sysfs = new PowercapFixture().AddZone("intel-rapl:0", "package-0", 0);
        using var meter = PowercapRaplMeter.Open(sysfs.ClassRoot);

        Assert.Equal("CPU package 0 (no DRAM zone exposed)", meter.Sources[0].Scope);
    }

    [Fact]
    public void Permission_denied_explains_the_root_only_counters_and_what_to_do()
    {
        using var sysfs = new PowercapFixture().AddZone("intel-rapl:0", "package-0", 0);
        string DenyEnergy(string path) => path.EndsWith("energy_uj", StringComparison.Ordinal)
            ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.")
            : File.ReadAllText(path);

        var error = Assert.Throws<EnergySourceException>(() => PowercapRaplMeter.Open(sysfs.ClassRoot, DenyEnergy));

        Assert.Equal(EnergySourceKind.PowercapRapl, error.Kind);
        Assert.Contains("Permission denied reading '", error.Message, StringComparison.Ordinal);
        Assert.Contains("intel-rapl:0/energy_uj", error.Message, StringComparison.Ordinal);
        Assert.Contains("CVE-2020-8694", error.Message, StringComparison.Ordinal);
        Assert.Contains("sudo chmod a+r", error.Message, StringComparison.Ordinal);
        Assert.Contains("power model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_powercap_directory_is_reported_as_unavailable()
    {
        var root = Path.Combine(Path.GetTempPath(), "ek-no-powercap-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<EnergySourceException>(() => PowercapRaplMeter.Open(root));

        Assert.Contains($"'{root}' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Powercap_without_RAPL_zones_is_reported_as_unavailable()
    {
        using var sysfs = new PowercapFixture();

        var error = Assert.Throws<EnergySourceException>(() => PowercapRaplMeter.Open(sysfs.ClassRoot));

        Assert.Contains("has no intel-rapl zones", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_counter_names_the_file_and_its_content()
    {
        using var sysfs = new PowercapFixture().AddZone("intel-rapl:0", "package-0", 0);
        sysfs.SetRaw("intel-rapl:0", "energy_uj", "n/a\n");

        var error = Assert.Throws<EnergySourceException>(() => PowercapRaplMeter.Open(sysfs.ClassRoot));

        Assert.Contains("intel-rapl:0/energy_uj' should hold an unsigned integer (microjoules) but holds 'n/a'", error.Message, StringComparison.Ordinal);
    }
}
