using System.Globalization;

namespace EfficiencyKit.Energy.Tests.Fixtures;

/// <summary>
/// A powercap tree laid out as Linux does: zone directories live under
/// <c>devices/virtual/powercap/intel-rapl/intel-rapl:N[/intel-rapl:N:M]</c>, and <c>class/powercap</c> holds
/// a flat list of symlinks to every zone and sub-zone (plus the control types <c>intel-rapl</c> and
/// <c>intel-rapl-mmio</c>). Each zone has <c>name</c>, <c>energy_uj</c>, <c>max_energy_range_uj</c>, <c>enabled</c>.
/// </summary>
internal sealed class PowercapFixture : IDisposable
{
    /// <summary>A typical Intel server value: 2^38 µJ rounded as the kernel reports it.</summary>
    public const ulong TypicalMaxRange = 262143328850;

    private readonly string _base = Path.Combine(Path.GetTempPath(), "ek-powercap-" + Guid.NewGuid().ToString("N")[..8]);

    public PowercapFixture()
    {
        Directory.CreateDirectory(ClassRoot);
        Directory.CreateDirectory(Path.Combine(DevicesRoot, "intel-rapl"));
        File.WriteAllText(Path.Combine(DevicesRoot, "intel-rapl", "enabled"), "1\n");
        File.CreateSymbolicLink(Path.Combine(ClassRoot, "intel-rapl"), Path.Combine(DevicesRoot, "intel-rapl"));
    }

    /// <summary>The directory to open: the fixture's <c>/sys/class/powercap</c>.</summary>
    public string ClassRoot => Path.Combine(_base, "class", "powercap");

    private string DevicesRoot => Path.Combine(_base, "devices", "virtual", "powercap");

    public PowercapFixture AddZone(string zone, string name, ulong energy, ulong maxRange = TypicalMaxRange, string controlType = "intel-rapl")
    {
        var parts = zone.Split(':');
        var directory = parts.Length == 2
            ? Path.Combine(DevicesRoot, controlType, zone)
            : Path.Combine(DevicesRoot, controlType, $"{parts[0]}:{parts[1]}", zone);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "name"), name + "\n");
        File.WriteAllText(Path.Combine(directory, "max_energy_range_uj"), maxRange.ToString(CultureInfo.InvariantCulture) + "\n");
        File.WriteAllText(Path.Combine(directory, "enabled"), "1\n");
        File.CreateSymbolicLink(Path.Combine(ClassRoot, zone), directory);
        return SetEnergy(zone, energy);
    }

    public PowercapFixture SetEnergy(string zone, ulong microjoules)
    {
        File.WriteAllText(Path.Combine(ClassRoot, zone, "energy_uj"), microjoules.ToString(CultureInfo.InvariantCulture) + "\n");
        return this;
    }

    public PowercapFixture SetRaw(string zone, string file, string content)
    {
        File.WriteAllText(Path.Combine(ClassRoot, zone, file), content);
        return this;
    }

    public void Dispose() => Directory.Delete(_base, recursive: true);
}
