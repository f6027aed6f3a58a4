namespace EfficiencyKit.Analyzers.Internals;

/// <summary>What the build's models manifest says about one model, by its path in the output folder.</summary>
internal sealed class ManifestModel(
    string outputPath,
    bool isMostlyFloat32,
    IReadOnlyList<QuantizedCopy> quantizedCopies,
    double millijoules,
    bool lowerBound,
    string profile,
    long batchSize,
    double megabytes)
{
    /// <summary>Path relative to the output folder, with '/' separators, e.g. "models/intent.onnx".</summary>
    public string OutputPath { get; } = outputPath;

    public bool IsMostlyFloat32 { get; } = isMostlyFloat32;

    /// <summary>The quantized copy the build writes first, then those found beside the model; empty when none.</summary>
    public IReadOnlyList<QuantizedCopy> QuantizedCopies { get; } = quantizedCopies;

    public double Millijoules { get; } = millijoules;

    public bool LowerBound { get; } = lowerBound;

    public string Profile { get; } = profile;

    public long BatchSize { get; } = batchSize;

    public double Megabytes { get; } = megabytes;
}
