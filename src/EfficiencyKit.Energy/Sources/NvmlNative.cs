using System;
using System.Runtime.InteropServices;

namespace EfficiencyKit.Energy.Sources;

/// <summary>The few NVML entry points we use (nvml.h; the _v2 names are what NVIDIA's own tools bind).</summary>
internal static class NvmlNative
{
    public const string Library = "libnvidia-ml.so.1";

    public const int Success = 0;

    /// <summary>NVML_DEVICE_NAME_V2_BUFFER_SIZE.</summary>
    public const int NameBufferSize = 96;

    [DllImport(Library, EntryPoint = "nvmlInit_v2")]
    public static extern int Init();

    [DllImport(Library, EntryPoint = "nvmlShutdown")]
    public static extern int Shutdown();

    [DllImport(Library, EntryPoint = "nvmlDeviceGetCount_v2")]
    public static extern int DeviceGetCount(out uint count);

    [DllImport(Library, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    public static extern int DeviceGetHandleByIndex(uint index, out IntPtr device);

    [DllImport(Library, EntryPoint = "nvmlDeviceGetName")]
    public static extern int DeviceGetName(IntPtr device, [Out] byte[] name, uint length);

    /// <summary>Millijoules since the driver was last reloaded (Volta and newer).</summary>
    [DllImport(Library, EntryPoint = "nvmlDeviceGetTotalEnergyConsumption")]
    public static extern int DeviceGetTotalEnergyConsumption(IntPtr device, out ulong millijoules);

    [DllImport(Library, EntryPoint = "nvmlErrorString")]
    public static extern IntPtr ErrorString(int result);

    public static string Describe(int result)
    {
        var message = Marshal.PtrToStringAnsi(ErrorString(result));
        return $"{message ?? "unknown error"} (NVML code {result})";
    }
}
