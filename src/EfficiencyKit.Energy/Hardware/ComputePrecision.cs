namespace EfficiencyKit.Energy.Hardware;

/// <summary>The arithmetic an operation runs in; hardware runs int8 and fp16 faster (and cheaper) than fp32.</summary>
public enum ComputePrecision
{
    /// <summary>32-bit float (also the fallback for types without a faster path).</summary>
    Fp32,

    /// <summary>16-bit float (fp16/bf16).</summary>
    Fp16,

    /// <summary>8-bit integer (MatMulInteger, ConvInteger, quantized kernels).</summary>
    Int8,
}
