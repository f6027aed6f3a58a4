using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace EfficiencyKit.Energy.Sources;

/// <summary>
/// GPU energy from NVML's total-energy counter (<c>nvmlDeviceGetTotalEnergyConsumption</c>, mJ), one domain
/// per GPU. The counter is 64-bit and does not wrap in practice. NVML refreshes it about every 100 ms, so
/// windows much shorter than that are coarse.
/// </summary>
public sealed class NvmlMeter : IEnergyMeter
{
    private readonly IReadOnlyList<(IntPtr Handle, string Domain, ulong StartMillijoules)> _devices;
    private readonly object _lock = new();
    private bool _disposed;

    private NvmlMeter(IReadOnlyList<(IntPtr Handle, string Domain, ulong StartMillijoules)> devices)
    {
        _devices = devices;
        Sources =
        [
            new EnergySourceDescription(
                EnergySourceKind.Nvml,
                EnergyOrigin.Measured,
                "GPU " + string.Join(", ", devices.Select(d => d.Domain)),
                new Dictionary<string, string> { ["devices"] = devices.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                new EnergyUncertainty(
                    null,
                    "NVML board energy counter, refreshed about every 100 ms; on A100/H100 power is sampled during part of the runtime only (arXiv 2312.02741)")),
        ];
    }

    /// <inheritdoc/>
    public IReadOnlyList<EnergySourceDescription> Sources { get; }

    /// <summary>Opens every GPU that has an energy counter, or throws <see cref="EnergySourceException"/> saying why none can be used.</summary>
    public static NvmlMeter Open()
    {
        int result;
        try
        {
            result = NvmlNative.Init();
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new EnergySourceException(
                EnergySourceKind.Nvml,
                $"{NvmlNative.Library} could not be loaded ({exception.GetType().Name}): no NVIDIA driver on this machine, so no GPU energy.",
                exception);
        }

        if (result != NvmlNative.Success)
        {
            throw new EnergySourceException(EnergySourceKind.Nvml, $"nvmlInit failed: {NvmlNative.Describe(result)}.");
        }

        try
        {
            return new NvmlMeter(OpenDevices());
        }
        catch
        {
            NvmlNative.Shutdown();
            throw;
        }
    }

    /// <inheritdoc/>
    public EnergySample Read()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(NvmlMeter));
            }

            var domains = new List<EnergyDomainReading>(_devices.Count);
            foreach (var (handle, domain, start) in _devices)
            {
                var millijoules = ReadCounter(handle, domain);
                domains.Add(new EnergyDomainReading(domain, EnergySourceKind.Nvml, (millijoules - start) / 1e3));
            }

            return new EnergySample(Stopwatch.GetTimestamp(), domains);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                NvmlNative.Shutdown();
            }
        }
    }

    private static List<(IntPtr, string, ulong)> OpenDevices()
    {
        Check(NvmlNative.DeviceGetCount(out var count), "nvmlDeviceGetCount");
        var devices = new List<(IntPtr, string, ulong)>();
        var unsupported = new List<string>();
        for (uint index = 0; index < count; index++)
        {
            Check(NvmlNative.DeviceGetHandleByIndex(index, out var handle), $"nvmlDeviceGetHandleByIndex({index})");
            var domain = $"gpu-{index} ({ReadName(handle)})";
            var result = NvmlNative.DeviceGetTotalEnergyConsumption(handle, out var millijoules);
            if (result == NvmlNative.Success)
            {
                devices.Add((handle, domain, millijoules));
            }
            else
            {
                unsupported.Add($"{domain}: {NvmlNative.Describe(result)}");
            }
        }

        if (devices.Count == 0)
        {
            var why = count == 0 ? "NVML lists no GPUs" : "no GPU has an energy counter (it needs Volta or newer): " + string.Join("; ", unsupported);
            throw new EnergySourceException(EnergySourceKind.Nvml, why + ".");
        }

        return devices;
    }

    private static string ReadName(IntPtr handle)
    {
        var buffer = new byte[NvmlNative.NameBufferSize];
        if (NvmlNative.DeviceGetName(handle, buffer, (uint)buffer.Length) != NvmlNative.Success)
        {
            return "unknown";
        }

        var length = Array.IndexOf(buffer, (byte)0);
        return Encoding.ASCII.GetString(buffer, 0, length < 0 ? buffer.Length : length);
    }

    private static ulong ReadCounter(IntPtr handle, string domain)
    {
        var result = NvmlNative.DeviceGetTotalEnergyConsumption(handle, out var millijoules);
        return result == NvmlNative.Success
            ? millijoules
            : throw new EnergySourceException(EnergySourceKind.Nvml, $"Reading the energy counter of {domain} failed: {NvmlNative.Describe(result)}.");
    }

    private static void Check(int result, string call)
    {
        if (result != NvmlNative.Success)
        {
            throw new EnergySourceException(EnergySourceKind.Nvml, $"{call} failed: {NvmlNative.Describe(result)}.");
        }
    }
}
