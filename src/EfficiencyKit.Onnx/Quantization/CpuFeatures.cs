using System;
using System.IO;
using System.Runtime.InteropServices;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>What the machine running us can do, where it changes the advice we give about int8 models.</summary>
public static class CpuFeatures
{
    /// <summary>
    /// True when the CPU is x86 without AVX-512 VNNI or AVX-VNNI (read from /proc/cpuinfo on Linux), so ONNX Runtime's
    /// u8s8 int8 kernels may saturate with full-range weights. False on VNNI CPUs, non-x86 CPUs, and where it cannot tell.
    /// </summary>
    public static bool Int8MayOverflowWithoutVnni()
    {
        if (RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.X86) || !File.Exists("/proc/cpuinfo"))
        {
            return false;
        }

        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("flags", StringComparison.Ordinal))
            {
                var flags = " " + line.Substring(line.IndexOf(':') + 1).Trim() + " ";
                return flags.IndexOf(" avx512_vnni ", StringComparison.Ordinal) < 0 && flags.IndexOf(" avx_vnni ", StringComparison.Ordinal) < 0;
            }
        }

        return false;
    }
}
