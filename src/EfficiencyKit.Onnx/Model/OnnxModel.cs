using System.Collections.Generic;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>ModelProto: the file's top-level message.</summary>
public sealed class OnnxModel
{
    /// <summary>IR version (field 1). Debian's onnx 1.12 checker accepts up to 8.</summary>
    public long IrVersion { get; set; }

    /// <summary>Operator sets the graph uses (field 8); the empty domain is the default ai.onnx set.</summary>
    public List<OnnxOpsetImport> OpsetImports { get; } = [];

    /// <summary>Producer name (field 2).</summary>
    public string? ProducerName { get; set; }

    /// <summary>Producer version (field 3).</summary>
    public string? ProducerVersion { get; set; }

    /// <summary>Model domain (field 4).</summary>
    public string? Domain { get; set; }

    /// <summary>Model version (field 5).</summary>
    public long? ModelVersion { get; set; }

    /// <summary>Documentation (field 6).</summary>
    public string? DocString { get; set; }

    /// <summary>The graph (field 7).</summary>
    public OnnxGraph Graph { get; set; } = new();

    /// <summary>Free-form key/value metadata (field 14).</summary>
    public List<KeyValuePair<string, string>> MetadataProps { get; } = [];

    /// <summary>Fields this library does not model (functions, training info, ...), kept verbatim with their tags.</summary>
    public List<ByteSource> PreservedFields { get; } = [];

    /// <summary>The opset version imported for <paramref name="domain"/> ("" or "ai.onnx" for the default set), or null.</summary>
    public long? OpsetVersion(string domain)
    {
        foreach (var import in OpsetImports)
        {
            if (OnnxOpsetImport.SameDomain(import.Domain, domain))
            {
                return import.Version;
            }
        }

        return null;
    }
}
