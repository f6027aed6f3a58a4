using System;
using System.Collections.Generic;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>
/// TensorProto. The payload is never loaded by the reader: <see cref="RawData"/>, <see cref="TypedData"/> and
/// external data are byte ranges read on demand through <see cref="OnnxTensorData"/>.
/// </summary>
public sealed class OnnxTensor
{
    /// <summary>Dimensions (field 1); empty for a scalar.</summary>
    public List<long> Dims { get; } = [];

    /// <summary>Element type (field 2).</summary>
    public OnnxDataType DataType { get; set; }

    /// <summary>Name (field 8).</summary>
    public string Name { get; set; } = "";

    /// <summary>Documentation (field 12).</summary>
    public string? DocString { get; set; }

    /// <summary>raw_data (field 9): little-endian elements.</summary>
    public ByteSource? RawData { get; set; }

    /// <summary>
    /// Field number of the packed typed payload in <see cref="TypedData"/>: float_data 4, int32_data 5,
    /// int64_data 7, double_data 10, uint64_data 11; 0 when none.
    /// </summary>
    public int TypedDataField { get; set; }

    /// <summary>Packed payload chunks of <see cref="TypedDataField"/> (almost always one).</summary>
    public List<ByteSource> TypedData { get; } = [];

    /// <summary>external_data (field 13): location, offset, length, checksum.</summary>
    public List<KeyValuePair<string, string>> ExternalData { get; } = [];

    /// <summary>data_location (field 14): 0 default, 1 external.</summary>
    public int DataLocation { get; set; }

    /// <summary>Directory that external data locations are relative to (the model file's folder), set by the reader.</summary>
    public string? ExternalDataDirectory { get; set; }

    /// <summary>Fields this library does not model (segment, string_data, unpacked values), kept verbatim.</summary>
    public List<ByteSource> PreservedFields { get; } = [];

    /// <summary>Whether the payload lives in a separate file.</summary>
    public bool IsExternal => DataLocation == 1;

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in Dims)
            {
                count = checked(count * dim);
            }

            return count;
        }
    }

    /// <summary>Bytes the elements take in memory (0 for strings).</summary>
    public long ByteCount => OnnxDataTypes.ByteCount(DataType, ElementCount);

    /// <summary>A FLOAT tensor stored as raw_data.</summary>
    public static OnnxTensor FromFloats(string name, long[] dims, float[] values)
    {
        var bytes = new byte[checked(values.Length * 4)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return FromRaw(name, OnnxDataType.Float, dims, OnnxTensorData.SwapIfBigEndian(bytes, 4));
    }

    /// <summary>An INT64 tensor stored as raw_data.</summary>
    public static OnnxTensor FromInt64s(string name, long[] dims, long[] values)
    {
        var bytes = new byte[checked(values.Length * 8)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return FromRaw(name, OnnxDataType.Int64, dims, OnnxTensorData.SwapIfBigEndian(bytes, 8));
    }

    /// <summary>A tensor of any fixed-size type from little-endian element bytes.</summary>
    public static OnnxTensor FromRaw(string name, OnnxDataType dataType, long[] dims, byte[] littleEndianBytes)
    {
        var tensor = new OnnxTensor { Name = name, DataType = dataType, RawData = ByteSource.FromArray(littleEndianBytes) };
        tensor.Dims.AddRange(dims);
        if (OnnxDataTypes.ByteCount(dataType, tensor.ElementCount) != littleEndianBytes.Length)
        {
            throw new ArgumentException($"Tensor '{name}': {littleEndianBytes.Length} bytes do not match dims [{string.Join(",", dims)}] of {OnnxDataTypes.Name(dataType)}.", nameof(littleEndianBytes));
        }

        return tensor;
    }
}
