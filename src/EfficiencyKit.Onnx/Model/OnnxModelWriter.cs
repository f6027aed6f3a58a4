using System;
using System.Collections.Generic;
using System.IO;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>
/// Writes <see cref="OnnxModel"/> in the onnx.proto wire format. Tensor payloads are streamed from where they
/// live (often the source model file), so writing a large model does not load its weights. Files are written to a
/// temporary name and moved into place, so a failure never leaves a half-written model, and writing over the
/// model that is being read is safe.
/// </summary>
public static class OnnxModelWriter
{
    /// <summary>Writes the model to <paramref name="path"/>, replacing any existing file only once complete.</summary>
    public static void Write(OnnxModel model, string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new IOException($"Cannot write the model to '{fullPath}': it is a folder.");
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        var temporary = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        FileStream file;
        try
        {
            Directory.CreateDirectory(directory);
            file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The exception names our temporary file; the user needs to hear about the path they gave.
            var why = e switch
            {
                UnauthorizedAccessException => "permission denied",
                DirectoryNotFoundException => "the folder does not exist and cannot be created",
                _ => "the folder does not accept a new file (read-only or special file system?)",
            };
            throw new IOException($"Cannot write the model to '{fullPath}': cannot create a file in '{directory}': {why}.", e);
        }

        try
        {
            using (file)
            {
                Write(model, file);
            }

            if (File.Exists(fullPath))
            {
                File.Replace(temporary, fullPath, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temporary, fullPath);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes the model to a stream.</summary>
    public static void Write(OnnxModel model, Stream stream) => WriteModel(new ProtoWriter(stream), model);

    /// <summary>The serialized model as an array (for small models and sessions created from memory).</summary>
    public static byte[] ToBytes(OnnxModel model)
    {
        using var stream = new MemoryStream();
        Write(model, stream);
        return stream.ToArray();
    }

    private static void WriteModel(ProtoWriter w, OnnxModel model)
    {
        w.WriteInt64(1, model.IrVersion);
        w.WriteString(2, model.ProducerName);
        w.WriteString(3, model.ProducerVersion);
        w.WriteString(4, model.Domain);
        if (model.ModelVersion is { } version)
        {
            w.WriteInt64(5, version);
        }

        w.WriteString(6, model.DocString);
        w.WriteMessage(7, g => WriteGraph(g, model.Graph));
        foreach (var opset in model.OpsetImports)
        {
            w.WriteMessage(8, o =>
            {
                o.WriteString(1, opset.Domain);
                o.WriteInt64(2, opset.Version);
            });
        }

        WritePairs(w, 14, model.MetadataProps);
        Preserved(w, model.PreservedFields);
    }

    private static void WriteGraph(ProtoWriter w, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes)
        {
            w.WriteMessage(1, n => WriteNode(n, node));
        }

        w.WriteString(2, graph.Name);
        foreach (var tensor in graph.Initializers)
        {
            w.WriteMessage(5, t => WriteTensor(t, tensor));
        }

        w.WriteString(10, graph.DocString);
        WriteValueInfos(w, 11, graph.Inputs);
        WriteValueInfos(w, 12, graph.Outputs);
        WriteValueInfos(w, 13, graph.ValueInfo);
        Preserved(w, graph.PreservedFields);
    }

    private static void WriteNode(ProtoWriter w, OnnxNode node)
    {
        foreach (var input in node.Inputs)
        {
            w.WriteString(1, input);
        }

        foreach (var output in node.Outputs)
        {
            w.WriteString(2, output);
        }

        w.WriteString(3, node.Name);
        w.WriteString(4, node.OpType);
        foreach (var attribute in node.Attributes)
        {
            w.WriteMessage(5, a => WriteAttribute(a, attribute));
        }

        w.WriteString(6, node.DocString);
        if (node.Domain.Length > 0)
        {
            w.WriteString(7, node.Domain);
        }

        Preserved(w, node.PreservedFields);
    }

    private static void WriteAttribute(ProtoWriter w, OnnxAttribute attribute)
    {
        w.WriteString(1, attribute.Name);
        if (attribute.F is { } f)
        {
            w.WriteFloat(2, f);
        }

        if (attribute.I is { } i)
        {
            w.WriteInt64(3, i);
        }

        if (attribute.S is { } s)
        {
            w.WriteBytes(4, s);
        }

        if (attribute.T is { } t)
        {
            w.WriteMessage(5, m => WriteTensor(m, t));
        }

        if (attribute.G is { } g)
        {
            w.WriteMessage(6, m => WriteGraph(m, g));
        }

        w.WriteRepeatedFloats(7, attribute.Floats);
        w.WriteRepeatedInt64s(8, attribute.Ints);
        foreach (var bytes in attribute.Strings)
        {
            w.WriteBytes(9, bytes);
        }

        foreach (var tensor in attribute.Tensors)
        {
            w.WriteMessage(10, m => WriteTensor(m, tensor));
        }

        foreach (var graph in attribute.Graphs)
        {
            w.WriteMessage(11, m => WriteGraph(m, graph));
        }

        w.WriteString(13, attribute.DocString);
        if (attribute.Type != OnnxAttributeType.Undefined)
        {
            w.WriteInt64(20, (long)attribute.Type);
        }

        w.WriteString(21, attribute.RefAttrName);
        Preserved(w, attribute.PreservedFields);
    }

    private static void WriteTensor(ProtoWriter w, OnnxTensor tensor)
    {
        w.WriteRepeatedInt64s(1, tensor.Dims);
        w.WriteInt64(2, (long)tensor.DataType);
        foreach (var chunk in tensor.TypedData)
        {
            w.WriteSource(tensor.TypedDataField, chunk);
        }

        w.WriteString(8, tensor.Name);
        if (tensor.RawData is { } raw)
        {
            w.WriteSource(9, raw);
        }

        w.WriteString(12, tensor.DocString);
        WritePairs(w, 13, tensor.ExternalData);
        if (tensor.DataLocation != 0)
        {
            w.WriteInt64(14, tensor.DataLocation);
        }

        Preserved(w, tensor.PreservedFields);
    }

    private static void WriteValueInfos(ProtoWriter w, int field, List<OnnxValueInfo> values)
    {
        foreach (var value in values)
        {
            w.WriteMessage(field, v =>
            {
                v.WriteString(1, value.Name);
                if (value.Type is { } type)
                {
                    v.WriteMessage(2, t => WriteType(t, type));
                }

                v.WriteString(3, value.DocString);
                Preserved(v, value.PreservedFields);
            });
        }
    }

    private static void WriteType(ProtoWriter w, OnnxTypeInfo type)
    {
        if (type.IsTensor)
        {
            w.WriteMessage(1, t =>
            {
                t.WriteInt64(1, (long)type.ElementType);
                if (type.Shape is { } shape)
                {
                    t.WriteMessage(2, s =>
                    {
                        foreach (var dim in shape)
                        {
                            s.WriteMessage(1, d =>
                            {
                                if (dim.Value is { } value)
                                {
                                    d.WriteInt64(1, value);
                                }

                                d.WriteString(2, dim.Param);
                                d.WriteString(3, dim.Denotation);
                            });
                        }
                    });
                }
            });
        }

        w.WriteString(6, type.Denotation);
        Preserved(w, type.PreservedFields);
    }

    private static void WritePairs(ProtoWriter w, int field, List<KeyValuePair<string, string>> pairs)
    {
        foreach (var pair in pairs)
        {
            w.WriteMessage(field, p =>
            {
                p.WriteString(1, pair.Key);
                p.WriteString(2, pair.Value);
            });
        }
    }

    private static void Preserved(ProtoWriter w, List<ByteSource> fields)
    {
        foreach (var field in fields)
        {
            w.WriteVerbatim(field);
        }
    }
}
