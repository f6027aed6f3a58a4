using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>
/// Reads ONNX models (onnx.proto field numbers) with our own streaming wire reader. Tensor payloads are kept as
/// byte ranges of the file, so memory and time depend on the graph's size, not the weights'. Fields the object
/// model does not cover are kept verbatim so that a model read and written again loses nothing.
/// </summary>
public sealed class OnnxModelReader
{
    // Subgraphs (If/Loop/Scan bodies) nest; real models stay far below this, a crafted file must not overflow the stack.
    private const int MaxDepth = 64;

    private readonly ProtoReader _reader;
    private readonly string? _directory;
    private int _depth;

    private OnnxModelReader(ProtoReader reader, string? directory)
    {
        _reader = reader;
        _directory = directory;
    }

    /// <summary>Reads the model at <paramref name="path"/>; weights stay on disk until asked for.</summary>
    /// <exception cref="OnnxFormatException">The file is not a well-formed ONNX model.</exception>
    /// <exception cref="IOException">The file cannot be read, or is a folder, an empty file, a pipe or a device.</exception>
    public static OnnxModel Read(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new IOException($"'{fullPath}' is a folder, not an ONNX model file.");
        }

        // Pipes and devices report no size, like an empty file; opening a named pipe would wait for a writer forever.
        var file = new FileInfo(fullPath);
        if (file.Exists && file.Length == 0)
        {
            throw new IOException($"'{fullPath}' is empty, or not a regular file (a named pipe or a device): give the .onnx file itself.");
        }

        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var reader = new ProtoReader(stream, fullPath, (offset, length) => new FileByteSource(fullPath, offset, length));
        return new OnnxModelReader(reader, Path.GetDirectoryName(fullPath)).ReadModel();
    }

    /// <summary>Reads a model from memory; <paramref name="sourceName"/> names it in errors.</summary>
    /// <exception cref="OnnxFormatException">The bytes are not a well-formed ONNX model.</exception>
    public static OnnxModel Read(byte[] bytes, string sourceName = "model bytes", string? externalDataDirectory = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var reader = new ProtoReader(stream, sourceName, (offset, length) => new MemoryByteSource(bytes, (int)offset, (int)length));
        return new OnnxModelReader(reader, externalDataDirectory).ReadModel();
    }

    private OnnxModel ReadModel()
    {
        if (_reader.Remaining == 0)
        {
            throw _reader.Error("the file is empty");
        }

        var model = new OnnxModel();
        var sawGraph = false;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: model.IrVersion = Int64(wire, "ir_version"); break;
                case 2: model.ProducerName = String(wire, "producer_name"); break;
                case 3: model.ProducerVersion = String(wire, "producer_version"); break;
                case 4: model.Domain = String(wire, "domain"); break;
                case 5: model.ModelVersion = Int64(wire, "model_version"); break;
                case 6: model.DocString = String(wire, "doc_string"); break;
                case 7:
                    model.Graph = Message(wire, "graph", ReadGraph);
                    sawGraph = true;
                    break;
                case 8: model.OpsetImports.Add(Message(wire, $"opset_import[{model.OpsetImports.Count}]", ReadOpset)); break;
                case 14: model.MetadataProps.Add(Message(wire, $"metadata_props[{model.MetadataProps.Count}]", ReadStringPair)); break;
                default: model.PreservedFields.Add(Preserve(wire)); break;
            }
        }

        if (!sawGraph)
        {
            throw _reader.Error("the model has no graph (field 7); is this an ONNX model file?");
        }

        return model;
    }

    private OnnxGraph ReadGraph()
    {
        var graph = new OnnxGraph();
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: graph.Nodes.Add(Message(wire, $"node[{graph.Nodes.Count}]", ReadNode)); break;
                case 2: graph.Name = String(wire, "name"); break;
                case 5: graph.Initializers.Add(Message(wire, $"initializer[{graph.Initializers.Count}]", ReadTensor)); break;
                case 10: graph.DocString = String(wire, "doc_string"); break;
                case 11: graph.Inputs.Add(Message(wire, $"input[{graph.Inputs.Count}]", ReadValueInfo)); break;
                case 12: graph.Outputs.Add(Message(wire, $"output[{graph.Outputs.Count}]", ReadValueInfo)); break;
                case 13: graph.ValueInfo.Add(Message(wire, $"value_info[{graph.ValueInfo.Count}]", ReadValueInfo)); break;
                default: graph.PreservedFields.Add(Preserve(wire)); break;
            }
        }

        return graph;
    }

    private OnnxNode ReadNode()
    {
        var node = new OnnxNode();
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: node.Inputs.Add(String(wire, "input")); break;
                case 2: node.Outputs.Add(String(wire, "output")); break;
                case 3: node.Name = String(wire, "name"); break;
                case 4: node.OpType = String(wire, "op_type"); break;
                case 5: node.Attributes.Add(Message(wire, $"attribute[{node.Attributes.Count}]", ReadAttribute)); break;
                case 6: node.DocString = String(wire, "doc_string"); break;
                case 7: node.Domain = String(wire, "domain"); break;
                default: node.PreservedFields.Add(Preserve(wire)); break;
            }
        }

        if (node.OpType.Length == 0)
        {
            throw _reader.Error("a node has no op_type");
        }

        return node;
    }

    private OnnxAttribute ReadAttribute()
    {
        var attribute = new OnnxAttribute();
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: attribute.Name = String(wire, "name"); break;
                case 2: attribute.F = Float(wire, "f"); break;
                case 3: attribute.I = Int64(wire, "i"); break;
                case 4: attribute.S = Bytes(wire, "s"); break;
                case 5: attribute.T = Message(wire, "t", ReadTensor); break;
                case 6: attribute.G = Message(wire, "g", ReadGraph); break;
                case 7: RepeatedFloats(wire, attribute.Floats); break;
                case 8: RepeatedInt64s(wire, attribute.Ints, "ints"); break;
                case 9: attribute.Strings.Add(Bytes(wire, "strings")); break;
                case 10: attribute.Tensors.Add(Message(wire, $"tensors[{attribute.Tensors.Count}]", ReadTensor)); break;
                case 11: attribute.Graphs.Add(Message(wire, $"graphs[{attribute.Graphs.Count}]", ReadGraph)); break;
                case 13: attribute.DocString = String(wire, "doc_string"); break;
                case 20: attribute.Type = (OnnxAttributeType)Int64(wire, "type"); break;
                case 21: attribute.RefAttrName = String(wire, "ref_attr_name"); break;
                default: attribute.PreservedFields.Add(Preserve(wire)); break;
            }
        }

        return attribute;
    }

    private OnnxTensor ReadTensor()
    {
        var tensor = new OnnxTensor { ExternalDataDirectory = _directory };
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: RepeatedInt64s(wire, tensor.Dims, "dims"); break;
                case 2: tensor.DataType = (OnnxDataType)Int64(wire, "data_type"); break;
                case 8: tensor.Name = String(wire, "name"); break;
                case 9:
                    Expect(wire, WireType.LengthDelimited, "raw_data");
                    tensor.RawData = _reader.ReadRange();
                    break;
                case 12: tensor.DocString = String(wire, "doc_string"); break;
                case 13: tensor.ExternalData.Add(Message(wire, $"external_data[{tensor.ExternalData.Count}]", ReadStringPair)); break;
                case 14: tensor.DataLocation = (int)Int64(wire, "data_location"); break;
                case 4 or 5 or 7 or 10 or 11 when wire == WireType.LengthDelimited && (tensor.TypedDataField == 0 || tensor.TypedDataField == field):
                    tensor.TypedDataField = field;
                    tensor.TypedData.Add(_reader.ReadRange());
                    break;
                default: tensor.PreservedFields.Add(Preserve(wire)); break;
            }
        }

        foreach (var dim in tensor.Dims)
        {
            if (dim < 0)
            {
                throw _reader.Error($"tensor '{tensor.Name}' has a negative dimension {dim}");
            }
        }

        long expected;
        try
        {
            expected = OnnxDataTypes.ByteCount(tensor.DataType, tensor.ElementCount);
            _ = checked(expected * 8);
        }
        catch (OverflowException)
        {
            throw _reader.Error($"tensor '{tensor.Name}' has dims [{string.Join(",", tensor.Dims)}] whose size overflows 64 bits");
        }

        if (tensor.RawData is { } raw && OnnxDataTypes.BitsPerElement(tensor.DataType) > 0 && !tensor.IsExternal && raw.Length != expected)
        {
            throw _reader.Error($"tensor '{tensor.Name}' raw_data holds {raw.Length} bytes but dims [{string.Join(",", tensor.Dims)}] of {OnnxDataTypes.Name(tensor.DataType)} need {expected}");
        }

        if (tensor.TypedDataField != 0 && !tensor.IsExternal && TypedDataMismatch(tensor) is { } mismatch)
        {
            throw _reader.Error($"tensor '{tensor.Name}' has dims [{string.Join(",", tensor.Dims)}] ({tensor.ElementCount} elements of {OnnxDataTypes.Name(tensor.DataType)}) but {mismatch}");
        }

        return tensor;
    }

    /// <summary>
    /// Why the typed payload cannot hold the tensor's elements, or null. float_data and double_data are packed
    /// fixed-size values (two per complex element), so their byte count is exact; the varint fields take 1 to 10
    /// bytes per value (two 4-bit elements per int32_data value), so only bounds can be checked without reading them.
    /// </summary>
    private static string? TypedDataMismatch(OnnxTensor tensor)
    {
        long bytes = 0;
        foreach (var chunk in tensor.TypedData)
        {
            bytes += chunk.Length;
        }

        var elements = tensor.ElementCount;
        var field = tensor.TypedDataField switch { 4 => "float_data", 5 => "int32_data", 7 => "int64_data", 10 => "double_data", _ => "uint64_data" };
        if (tensor.TypedDataField is 4 or 10)
        {
            var valueBytes = tensor.TypedDataField == 4 ? 4 : 8;
            var perElement = tensor.DataType is OnnxDataType.Complex64 or OnnxDataType.Complex128 ? 2 : 1;
            return bytes == elements * perElement * valueBytes ? null : $"{field} holds {bytes / valueBytes} values";
        }

        var values = OnnxDataTypes.BitsPerElement(tensor.DataType) == 4 ? (elements + 1) / 2 : elements;
        return bytes >= values && (bytes + 9) / 10 <= values ? null : $"{field} holds {bytes} bytes, room for {(bytes + 9) / 10} to {bytes} values where {values} are needed";
    }

    private OnnxValueInfo ReadValueInfo()
    {
        var info = new OnnxValueInfo();
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: info.Name = String(wire, "name"); break;
                case 2: info.Type = Message(wire, "type", ReadType); break;
                case 3: info.DocString = String(wire, "doc_string"); break;
                default: info.PreservedFields.Add(Preserve(wire)); break;
            }
        }

        return info;
    }

    private OnnxTypeInfo ReadType()
    {
        var type = new OnnxTypeInfo();
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    type.IsTensor = true;
                    Message(wire, "tensor_type", () => ReadTensorType(type));
                    break;
                case 6: type.Denotation = String(wire, "denotation"); break;
                default: type.PreservedFields.Add(Preserve(wire)); break;
            }
        }

        return type;
    }

    private bool ReadTensorType(OnnxTypeInfo type)
    {
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: type.ElementType = (OnnxDataType)Int64(wire, "elem_type"); break;
                case 2: type.Shape = Message(wire, "shape", ReadShape); break;
                default:
                    // TypeProto.Tensor has no other fields; skipping keeps an unknown future one from failing the read.
                    _reader.SkipField(wire);
                    break;
            }
        }

        return true;
    }

    private List<OnnxDimension> ReadShape()
    {
        var dims = new List<OnnxDimension>();
        while (_reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1)
            {
                dims.Add(Message(wire, $"dim[{dims.Count}]", ReadDimension));
            }
            else
            {
                _reader.SkipField(wire);
            }
        }

        return dims;
    }

    private OnnxDimension ReadDimension()
    {
        long? value = null;
        string? param = null;
        string? denotation = null;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: value = Int64(wire, "dim_value"); break;
                case 2: param = String(wire, "dim_param"); break;
                case 3: denotation = String(wire, "denotation"); break;
                default: _reader.SkipField(wire); break;
            }
        }

        return new OnnxDimension(value, param) { Denotation = denotation };
    }

    private OnnxOpsetImport ReadOpset()
    {
        var domain = "";
        long version = 0;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: domain = String(wire, "domain"); break;
                case 2: version = Int64(wire, "version"); break;
                default: _reader.SkipField(wire); break;
            }
        }

        return new OnnxOpsetImport(domain, version);
    }

    private KeyValuePair<string, string> ReadStringPair()
    {
        var key = "";
        var value = "";
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: key = String(wire, "key"); break;
                case 2: value = String(wire, "value"); break;
                default: _reader.SkipField(wire); break;
            }
        }

        return new KeyValuePair<string, string>(key, value);
    }

    private T Message<T>(WireType wire, string name, Func<T> body)
    {
        Expect(wire, WireType.LengthDelimited, name);
        _reader.EnterField(name);
        if (++_depth > MaxDepth)
        {
            throw _reader.Error($"messages nest deeper than {MaxDepth} levels");
        }

        var length = _reader.ReadLength();
        var previous = _reader.PushLimit(length);
        var result = body();
        _reader.PopLimit(previous);
        _depth--;
        _reader.ExitField();
        return result;
    }

    private ByteSource Preserve(WireType wire)
    {
        var tagStart = _reader.LastTagStart;
        _reader.SkipField(wire);
        return _reader.RangeFrom(tagStart);
    }

    private long Int64(WireType wire, string name)
    {
        Expect(wire, WireType.Varint, name);
        return _reader.ReadInt64();
    }

    private float Float(WireType wire, string name)
    {
        Expect(wire, WireType.Fixed32, name);
        return _reader.ReadFloat();
    }

    private string String(WireType wire, string name)
    {
        Expect(wire, WireType.LengthDelimited, name);
        return _reader.ReadString();
    }

    private byte[] Bytes(WireType wire, string name)
    {
        Expect(wire, WireType.LengthDelimited, name);
        return _reader.ReadBytes();
    }

    // proto2 repeated scalars may arrive packed or one per tag; parsers must accept both (encoding.md).
    private void RepeatedInt64s(WireType wire, List<long> into, string name)
    {
        if (wire == WireType.Varint)
        {
            into.Add(_reader.ReadInt64());
            return;
        }

        Expect(wire, WireType.LengthDelimited, name);
        var previous = _reader.PushLimit(_reader.ReadLength());
        while (_reader.Remaining > 0)
        {
            into.Add(_reader.ReadInt64());
        }

        _reader.PopLimit(previous);
    }

    private void RepeatedFloats(WireType wire, List<float> into)
    {
        if (wire == WireType.Fixed32)
        {
            into.Add(_reader.ReadFloat());
            return;
        }

        Expect(wire, WireType.LengthDelimited, "floats");
        var length = _reader.ReadLength();
        if (length % 4 != 0)
        {
            throw _reader.Error($"packed floats hold {length} bytes, not a multiple of 4");
        }

        for (var i = 0L; i < length / 4; i++)
        {
            into.Add(_reader.ReadFloat());
        }
    }

    private void Expect(WireType actual, WireType expected, string name)
    {
        if (actual != expected)
        {
            throw _reader.Error(string.Format(CultureInfo.InvariantCulture, "field '{0}' has wire type {1}; onnx.proto declares {2}", name, (int)actual, (int)expected));
        }
    }
}
