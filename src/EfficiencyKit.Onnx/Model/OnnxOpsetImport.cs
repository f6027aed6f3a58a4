using System;

namespace EfficiencyKit.Onnx.Model;

/// <summary>OperatorSetIdProto: an operator domain and its version.</summary>
/// <param name="Domain">"" (or "ai.onnx") for the default operator set, e.g. "com.microsoft" for ORT contrib ops.</param>
/// <param name="Version">The opset version.</param>
public sealed record OnnxOpsetImport(string Domain, long Version)
{
    /// <summary>Whether two domain names mean the same operator set ("" and "ai.onnx" are the same).</summary>
    public static bool SameDomain(string? left, string? right)
        => string.Equals(Normalize(left), Normalize(right), StringComparison.Ordinal);

    private static string Normalize(string? domain) => string.IsNullOrEmpty(domain) ? "ai.onnx" : domain!;
}
