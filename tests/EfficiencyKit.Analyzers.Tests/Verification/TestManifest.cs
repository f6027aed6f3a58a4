using System.Globalization;
using System.Linq;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>Models manifests in the shape the EfficiencyKit MSBuild tasks write (efficiencykit.models-manifest/v1), abridged to what the analyzers read.</summary>
internal static class TestManifest
{
    public static string Create(params ManifestEntry[] models)
        => "{\n  \"schema\": \"efficiencykit.models-manifest/v1\",\n  \"hardware_profile\": \"cloud-vm-2vcpu\",\n  \"models\": [\n"
            + string.Join(",\n", models.Select(Entry))
            + "\n  ]\n}\n";

    private static string Entry(ManifestEntry m)
    {
        var quantized = m.QuantizedOutput is null ? "null" : $"\"{m.QuantizedOutput}\"";
        var siblings = string.Join(", ", m.Siblings.Select(s => $"\"{s}\""));
        var dataType = m.Fp32 ? "FLOAT" : "INT8";
        return string.Format(
            CultureInfo.InvariantCulture,
            """
                {{
                  "output_path": "{0}", "source_path": "/src/{0}", "batch_size": 1, "quantize": "{1}",
                  "quantized_output_path": {2}, "quantized_siblings": [{3}],
                  "inspection": {{
                    "schema": "efficiencykit.model-inspection/v1", "file_bytes": {4}, "external_data_bytes": 0,
                    "data_types": [{{ "data_type": "{5}", "tensors": 3, "elements": 525312, "bytes": {4} }}],
                    "cost": {{ "batch_size": {9}, "operations": 1050624, "complete": {6} }},
                    "energy": {{ "profile": "cloud-vm-2vcpu", "origin": "modelled", "joules": {7}, "min_joules": 0, "max_joules": 1, "lower_bound": {8} }}
                  }},
                  "quantized_inspection": null
                }}
            """,
            m.OutputPath,
            m.QuantizedOutput is null ? "none" : m.Quantize,
            quantized,
            siblings,
            (long)(m.Megabytes * 1e6),
            dataType,
            m.LowerBound ? "false" : "true",
            m.Millijoules / 1e3,
            m.LowerBound ? "true" : "false",
            m.BatchSize);
    }
}

/// <summary>One model of a <see cref="TestManifest"/>.</summary>
internal sealed record ManifestEntry(string OutputPath, bool Fp32 = true, string? QuantizedOutput = null, double Millijoules = 2.5, double Megabytes = 2.1, bool LowerBound = false)
{
    /// <summary>The AiModel item's Quantize value, written when <see cref="QuantizedOutput"/> is set.</summary>
    public string Quantize { get; init; } = "int8";

    /// <summary>The batch size the manifest's cost estimate assumes (AiModel BatchSize).</summary>
    public long BatchSize { get; init; } = 1;

    public string[] Siblings { get; init; } = [];
}
