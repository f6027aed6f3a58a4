using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace EfficiencyKit.Energy.Sources;

/// <summary>
/// Linux powercap RAPL (<c>/sys/class/powercap</c>): the platform zone (psys) where the machine has one,
/// otherwise every CPU package plus its DRAM sub-zone, over all sockets. Core and uncore sub-zones are
/// parts of the package and are not added again; <c>intel-rapl-mmio</c> zones duplicate the package.
/// Counters wrap at <c>max_energy_range_uj</c>; one wrap between reads is corrected.
/// </summary>
public sealed class PowercapRaplMeter : IEnergyMeter
{
    /// <summary>Where Linux exposes powercap zones.</summary>
    public const string DefaultRoot = "/sys/class/powercap";

    private static readonly Regex s_zoneName = new(@"^intel-rapl:(?<zone>\d+)(?::(?<subzone>\d+))?$", RegexOptions.CultureInvariant);

    private readonly SysfsReader _reader;
    private readonly IReadOnlyList<RaplZone> _zones;
    private readonly object _lock = new();

    private PowercapRaplMeter(SysfsReader reader, IReadOnlyList<RaplZone> zones, EnergySourceDescription source)
    {
        _reader = reader;
        _zones = zones;
        Sources = [source];
    }

    /// <inheritdoc/>
    public IReadOnlyList<EnergySourceDescription> Sources { get; }

    /// <summary>Opens the meter, or throws <see cref="EnergySourceException"/> saying why RAPL cannot be used here.</summary>
    public static PowercapRaplMeter Open(string root = DefaultRoot) => Open(root, SysfsReader.FileSystem);

    internal static PowercapRaplMeter Open(string root, Func<string, string> readAllText)
    {
        var reader = new SysfsReader(EnergySourceKind.PowercapRapl, readAllText);
        if (!Directory.Exists(root))
        {
            throw new EnergySourceException(
                EnergySourceKind.PowercapRapl,
                $"'{root}' does not exist: this kernel exposes no powercap interface (usual in virtual machines and containers). Use the power model.");
        }

        var candidates = FindZones(root, reader);
        if (candidates.Count == 0)
        {
            throw new EnergySourceException(
                EnergySourceKind.PowercapRapl,
                $"'{root}' has no intel-rapl zones: RAPL is not exposed on this machine (virtual machines usually hide it). Use the power model.");
        }

        var selected = SelectZones(candidates);
        var zones = selected.Select(candidate => OpenZone(candidate, reader)).ToList();
        var scope = selected.Any(c => c.Name == "psys")
            ? "platform (psys: CPU packages, DRAM and what else the platform meters)"
            : DescribeScope(selected);
        var source = new EnergySourceDescription(
            EnergySourceKind.PowercapRapl,
            EnergyOrigin.Measured,
            scope,
            new Dictionary<string, string> { ["zones"] = string.Join(",", zones.Select(z => Path.GetFileName(z.Directory))) },
            new EnergyUncertainty(
                null,
                "RAPL is the processor's own counter; it covers packages and DRAM (or the platform), not power supply losses, fans or storage; "
                + "published checks range from close agreement with wall power (Khan et al. 2018) to dynamic-energy errors up to 73% (Fahad et al. 2019)"));
        return new PowercapRaplMeter(reader, zones, source);
    }

    /// <inheritdoc/>
    public EnergySample Read()
    {
        lock (_lock)
        {
            foreach (var zone in _zones)
            {
                zone.Advance(ReadCounter(_reader, zone.Directory));
            }

            var timestamp = Stopwatch.GetTimestamp();
            return new EnergySample(
                timestamp,
                _zones.Select(zone => new EnergyDomainReading(zone.Domain, EnergySourceKind.PowercapRapl, zone.AccumulatedMicrojoules / 1e6)).ToList());
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Nothing is held open: sysfs counters are re-read on every Read.
    }

    private static List<ZoneCandidate> FindZones(string root, SysfsReader reader)
    {
        var zones = new List<ZoneCandidate>();
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var match = s_zoneName.Match(Path.GetFileName(directory));
            if (!match.Success)
            {
                continue;
            }

            var namePath = Path.Combine(directory, "name");
            var name = File.Exists(namePath) ? reader.ReadText(namePath) : string.Empty;
            var package = int.Parse(match.Groups["zone"].Value, System.Globalization.CultureInfo.InvariantCulture);
            zones.Add(new ZoneCandidate(directory, name, package, match.Groups["subzone"].Success));
        }

        return zones;
    }

    /// <summary>psys alone if present (it already includes packages and DRAM); else packages and DRAM; never core or uncore.</summary>
    private static List<ZoneCandidate> SelectZones(List<ZoneCandidate> candidates)
    {
        var psys = candidates.Where(c => !c.IsSubzone && c.Name == "psys").ToList();
        if (psys.Count > 0)
        {
            return psys;
        }

        return candidates
            .Where(c => c.Name.StartsWith("package", StringComparison.Ordinal) || c.Name == "dram")
            .OrderBy(c => c.Package)
            .ThenBy(c => c.IsSubzone)
            .ToList();
    }

    private static RaplZone OpenZone(ZoneCandidate candidate, SysfsReader reader)
    {
        var domain = candidate.Name == "dram" ? $"dram-{candidate.Package}" : candidate.Name;
        var max = reader.ReadUInt64(Path.Combine(candidate.Directory, "max_energy_range_uj"), "microjoules");
        return new RaplZone(candidate.Directory, domain, max, ReadCounter(reader, candidate.Directory));
    }

    private static ulong ReadCounter(SysfsReader reader, string directory)
    {
        var path = Path.Combine(directory, "energy_uj");
        try
        {
            return reader.ReadUInt64(path, "microjoules");
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new EnergySourceException(
                EnergySourceKind.PowercapRapl,
                $"Permission denied reading '{path}'. Since Linux 5.10 (CVE-2020-8694) RAPL energy counters are readable by root only. "
                + "Run as root, grant read access until the next boot (sudo chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj "
                + "/sys/class/powercap/intel-rapl:*:*/energy_uj), or choose the power model.",
                exception);
        }
        catch (IOException exception)
        {
            throw new EnergySourceException(EnergySourceKind.PowercapRapl, $"Cannot read '{path}': {exception.Message}", exception);
        }
    }

    private static string DescribeScope(List<ZoneCandidate> zones)
    {
        var packages = zones.Where(z => z.Name.StartsWith("package", StringComparison.Ordinal)).Select(z => z.Package).Distinct().ToList();
        var dram = zones.Where(z => z.Name == "dram").Select(z => z.Package).Distinct().ToList();
        var scope = $"CPU package{(packages.Count == 1 ? string.Empty : "s")} {string.Join(", ", packages)}";
        return dram.Count > 0 ? $"{scope} + DRAM {string.Join(", ", dram)}" : scope + " (no DRAM zone exposed)";
    }

    private sealed record ZoneCandidate(string Directory, string Name, int Package, bool IsSubzone);
}
