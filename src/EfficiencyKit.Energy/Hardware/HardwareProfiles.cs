using System;
using System.Collections.Generic;
using System.Linq;

namespace EfficiencyKit.Energy.Hardware;

/// <summary>The built-in hardware profiles. Figures are either measured (and say how) or derived from datasheets with a stated efficiency.</summary>
public static class HardwareProfiles
{
    /// <summary>The profile used when none is named: the 2-vCPU cloud VM our CI and samples run on.</summary>
    public const string DefaultName = "cloud-vm-2vcpu";

    /// <summary>
    /// 2-vCPU cloud VM, ONNX Runtime 1.30 CPU EP with 2 intra-op threads. Throughput measured on this workplace's
    /// 2-vCPU Intel Xeon VM (AVX-512, no VNNI) with <c>EfficiencyKit.Benchmarks onnx-toolkit</c>: a 256→1024→256 MLP
    /// (67.2 M operations) at batch 64 takes 0.480 ms in fp32 and 0.376 ms in int8 (median of 300 runs).
    /// Power: the power model's 3.5 W per busy vCPU.
    /// </summary>
    public static HardwareProfile CloudVm2Vcpu { get; } = new(
        DefaultName,
        "2-vCPU cloud VM, AVX-512, ONNX Runtime CPU",
        Fp32OperationsPerSecond: 140e9,
        Fp16OperationsPerSecond: 140e9,
        Int8OperationsPerSecond: 178e9,
        MemoryBytesPerSecond: 20e9,
        BusyWatts: 2 * 3.5,
        RangeFactor: 2,
        Sources:
        [
            "throughput: measured, ONNX Runtime 1.30 (intra_op 2, spinning off) on a 2-vCPU Intel Xeon VM with AVX-512 and no VNNI, MLP 256-1024-256 at batch 64: fp32 140 GOP/s, int8 178 GOP/s (tests/EfficiencyKit.Benchmarks onnx-toolkit)",
            "int8 varies most between VMs: a 2-vCPU AMD EPYC VM with AVX-512 VNNI ran the same MLP at 309 GOP/s (ONNX Runtime 1.30, same harness, measured once)",
            "fp16: ONNX Runtime's CPU EP upcasts fp16 to fp32 at load, so fp16 runs at the fp32 rate",
            "memory bandwidth: assumed 20 GB/s for a 2-vCPU share of a server's memory system (not measured)",
            "power: 3.5 W per busy vCPU (Cloud Carbon Footprint average, the same constant as the power model, ±50%)",
        ]);

    /// <summary>AVX-512 server, one Intel Xeon Platinum 8480+ socket, datasheet peaks times stated efficiencies.</summary>
    public static HardwareProfile Avx512Server { get; } = new(
        "avx512-server",
        "one Intel Xeon Platinum 8480+ socket (56 cores, AVX-512, 8×DDR5-4800), ONNX Runtime CPU",
        Fp32OperationsPerSecond: 3.6e12,
        Fp16OperationsPerSecond: 3.6e12,
        Int8OperationsPerSecond: 10.8e12,
        MemoryBytesPerSecond: 215e9,
        BusyWatts: 350,
        RangeFactor: 3,
        Sources:
        [
            "Intel ARK, Xeon Platinum 8480+: 56 cores, 350 W TDP, 8 channels DDR5-4800 (307 GB/s peak)",
            "fp32 peak 56 cores × 2 AVX-512 FMA units × 16 lanes × 2 ops × 2.0 GHz = 7.2 TOP/s; assumed 50% sustained",
            "int8: AVX-512 VNNI does 4× the fp32 lanes; assumed 3× the sustained fp32 rate (AMX not assumed)",
            "memory: assumed 70% of the 307 GB/s peak; power: the full 350 W TDP while busy",
        ]);

    /// <summary>NVIDIA H100 SXM, datasheet peaks times stated efficiencies.</summary>
    public static HardwareProfile H100Sxm { get; } = new(
        "h100-sxm",
        "NVIDIA H100 SXM5 80 GB (HBM3), ONNX Runtime CUDA/TensorRT",
        Fp32OperationsPerSecond: 40e12,
        Fp16OperationsPerSecond: 400e12,
        Int8OperationsPerSecond: 800e12,
        MemoryBytesPerSecond: 2.3e12,
        BusyWatts: 700,
        RangeFactor: 3,
        Sources:
        [
            "NVIDIA H100 datasheet (SXM5): FP32 67 TFLOPS, FP16 tensor 989 TFLOPS dense, INT8 tensor 1,979 TOPS dense, HBM3 3.35 TB/s, up to 700 W",
            "assumed sustained: 60% of FP32, 40% of dense tensor-core FP16/INT8, 70% of memory bandwidth",
            "power: the 700 W maximum while busy; small batches leave the GPU partly idle, hence the wide range",
        ]);

    /// <summary>All built-in profiles.</summary>
    public static IReadOnlyList<HardwareProfile> All { get; } = [CloudVm2Vcpu, Avx512Server, H100Sxm];

    /// <summary>The profile called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such profile; the message lists the known ones.</exception>
    public static HardwareProfile Get(string name)
        => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown hardware profile '{name}'. Known profiles: {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}
