using System.Globalization;
using System.Text.RegularExpressions;

namespace EfficiencyKit.Analyzers.Tests.Verification;

/// <summary>Models manifests in the shape the EfficiencyKit MSBuild tasks write (efficiencykit.models-manifest/v2), abridged to what the analyzers read.</summary>
internal static class TestManifest
{
    public static string Create(params ManifestEntry[] models)
        => "{\n  \"schema\": \"efficiencykit.models-manifest/v2\",\n  \"hardwareProfile\": \"cloud-vm-2vcpu\",\n  \"models\": [\n"
            + string.Join(",\n", models.Select(Entry))
            + "\n  ]\n}\n";

    /// <summary>The same manifest as v1 of the tasks wrote it: snake_case names and the v1 schema ids.</summary>
    public static string CreateV1(params ManifestEntry[] models)
        => Regex.Replace(Create(models).Replace("/v2\"", "/v1\"", System.StringComparison.Ordinal), "\"([a-z]+)([A-Z][a-zA-Z]*)\":", m => $"\"{m.Groups[1].Value}{Regex.Replace(m.Groups[2].Value, "[A-Z]", c => "_" + c.Value.ToLowerInvariant())}\":");

    private static string Entry(ManifestEntry m)
    {
        var quantized = m.QuantizedOutput is null ? "null" : $"\"{m.QuantizedOutput}\"";
        var siblings = string.Join(", ", m.Siblings.Select(s => $"\"{s}\""));
        var dataType = m.Fp32 ? "FLOAT" : "INT8";
        return string.Format(
            CultureInfo.InvariantCulture,
            """
                {{
                  "outputPath": "{0}", "sourcePath": "/src/{0}", "batchSize": 1, "quantize": "{1}",
                  "quantizedOutputPath": {2}, "quantizedSiblings": [{3}],
                  "inspection": {{
                    "schema": "efficiencykit.model-inspection/v2", "fileBytes": {4}, "externalDataBytes": 0,
                    "dataTypes": [{{ "dataType": "{5}", "tensors": 3, "elements": 525312, "bytes": {4} }}],
                    "cost": {{ "batchSize": {9}, "operations": 1050624, "complete": {6} }},
                    "energy": {{ "profile": "cloud-vm-2vcpu", "origin": "modelled", "joules": {7}, "minJoules": 0, "maxJoules": 1, "lowerBound": {8} }}
                  }},
                  "quantizedInspection": null
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
