using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Onnx.Model;

/// <summary>
/// Reads a tensor's values on demand, whichever way the file stores them (raw_data, packed typed fields, or an
/// external data file). Problems (payload size not matching the shape, missing external file) end in
/// <see cref="OnnxFormatException"/> naming the tensor.
/// </summary>
public static class OnnxTensorData
{
    /// <summary>The payload as little-endian element bytes, exactly <see cref="OnnxTensor.ByteCount"/> long.</summary>
    public static byte[] ReadElementBytes(OnnxTensor tensor)
    {
        if (OnnxDataTypes.BitsPerElement(tensor.DataType) == 0)
        {
            throw Problem(tensor, $"values of type {OnnxDataTypes.Name(tensor.DataType)} cannot be read as fixed-size elements");
        }

        var expected = tensor.ByteCount;
        var bytes = tensor.TypedDataField != 0 ? DecodeTyped(tensor) : OpenPayload(tensor).ReadAllBytes();
        if (bytes.LongLength != expected)
        {
            throw Problem(tensor, $"holds {bytes.LongLength} bytes of data but dims [{string.Join(",", tensor.Dims)}] of {OnnxDataTypes.Name(tensor.DataType)} need {expected}");
        }

        return bytes;
    }

    /// <summary>Values of a FLOAT tensor.</summary>
    public static float[] ReadFloats(OnnxTensor tensor)
    {
        RequireType(tensor, OnnxDataType.Float);
        var bytes = SwapIfBigEndian(ReadElementBytes(tensor), 4);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>
    /// Streams a FLOAT tensor's values in chunks (at most 1 Mi values each), so a weight of any size can be
    /// scanned without an array of its own size. The span is only valid during the callback.
    /// </summary>
    public static void ForEachFloatChunk(OnnxTensor tensor, Action<ReadOnlyMemory<float>> chunk)
    {
        RequireType(tensor, OnnxDataType.Float);
        if (chunk is null)
        {
            throw new ArgumentNullException(nameof(chunk));
        }

        var source = tensor.TypedDataField == 4 && tensor.TypedData.Count == 1 ? tensor.TypedData[0] : tensor.TypedDataField == 0 ? OpenPayload(tensor) : null;
        if (source is null)
        {
            chunk(ReadFloats(tensor));
            return;
        }

        if (source.Length != tensor.ByteCount)
        {
            throw Problem(tensor, $"holds {source.Length} bytes of data but dims [{string.Join(",", tensor.Dims)}] of FLOAT need {tensor.ByteCount}");
        }

        var bytes = new byte[4 << 20];
        var floats = new float[bytes.Length / 4];
        using var stream = source.OpenRead();
        var remaining = source.Length;
        while (remaining > 0)
        {
            var wanted = (int)Math.Min(bytes.Length, remaining);
            var read = 0;
            while (read < wanted)
            {
                var n = stream.Read(bytes, read, wanted - read);
                if (n == 0)
                {
                    throw Problem(tensor, $"data ended {remaining - read} bytes early");
                }

                read += n;
            }

            Buffer.BlockCopy(SwapIfBigEndian(bytes, 4), 0, floats, 0, read);
            chunk(new ReadOnlyMemory<float>(floats, 0, read / 4));
            remaining -= read;
        }
    }

    /// <summary>Values of an INT64 or INT32 tensor, widened to long.</summary>
    public static long[] ReadInt64s(OnnxTensor tensor)
    {
        if (tensor.DataType == OnnxDataType.Int32)
        {
            var narrow = SwapIfBigEndian(ReadElementBytes(tensor), 4);
            var ints = new int[narrow.Length / 4];
            Buffer.BlockCopy(narrow, 0, ints, 0, narrow.Length);
            return Array.ConvertAll(ints, v => (long)v);
        }

        RequireType(tensor, OnnxDataType.Int64);
        var bytes = SwapIfBigEndian(ReadElementBytes(tensor), 8);
        var values = new long[bytes.Length / 8];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>
    /// Where the payload lives without reading it: raw_data, the external file range, or null for typed
    /// fields and tensors without data.
    /// </summary>
    public static ByteSource? FindPayload(OnnxTensor tensor)
        => tensor.IsExternal ? ExternalPayload(tensor) : tensor.RawData;

    private static ByteSource OpenPayload(OnnxTensor tensor)
        => FindPayload(tensor) ?? (tensor.ElementCount == 0 ? ByteSource.FromArray([]) : throw Problem(tensor, "has no data (no raw_data, typed data or external data)"));

    private static ByteSource ExternalPayload(OnnxTensor tensor)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (var entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case "location":
                    location = entry.Value;
                    break;
                case "offset":
                    offset = ParseNonNegative(tensor, entry);
                    break;
                case "length":
                    length = ParseNonNegative(tensor, entry);
                    break;
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw Problem(tensor, "is marked external but its external_data has no 'location'");
        }

        // Locations are relative to the model's folder (onnx external_data_helper); refusing anything else keeps a
        // crafted model from making us read arbitrary files.
        if (Path.IsPathRooted(location) || Array.IndexOf(location!.Split('/', '\\'), "..") >= 0)
        {
            throw Problem(tensor, $"external data location '{location}' must be a relative path inside the model's folder");
        }

        var path = Path.Combine(tensor.ExternalDataDirectory ?? ".", location);
        if (!File.Exists(path))
        {
            throw Problem(tensor, $"external data file '{path}' does not exist");
        }

        var fileLength = new FileInfo(path).Length;
        var byteCount = length ?? tensor.ByteCount;
        if (offset + byteCount > fileLength)
        {
            throw Problem(tensor, $"external data needs bytes {offset}..{offset + byteCount} of '{path}', which holds {fileLength}");
        }

        return new FileByteSource(path, offset, byteCount);
    }

    private static long ParseNonNegative(OnnxTensor tensor, KeyValuePair<string, string> entry)
        => long.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Problem(tensor, $"external_data '{entry.Key}' is '{entry.Value}', not a non-negative integer");

    // Typed fields: float_data and double_data are packed fixed-size (already little-endian element bytes);
    // int32_data (also carrying int8/uint8/int16/uint16/bool/float16 bit patterns), int64_data and uint64_data
    // are packed varints that must be decoded and narrowed to the element size.
    private static byte[] DecodeTyped(OnnxTensor tensor)
    {
        var payload = new MemoryStream();
        foreach (var chunk in tensor.TypedData)
        {
            chunk.CopyTo(payload);
        }

        var packed = payload.ToArray();
        if (tensor.TypedDataField is 4 or 10)
        {
            return packed;
        }

        var elementBytes = OnnxDataTypes.BitsPerElement(tensor.DataType) / 8;
        if (elementBytes == 0)
        {
            throw Problem(tensor, $"typed data of {OnnxDataTypes.Name(tensor.DataType)} is not supported");
        }

        var result = new List<byte>(packed.Length);
        var position = 0;
        while (position < packed.Length)
        {
            ulong value = 0;
            var shift = 0;
            byte b;
            do
            {
                if (position >= packed.Length || shift > 63)
                {
                    throw Problem(tensor, "typed data holds a malformed varint");
                }

                b = packed[position++];
                value |= (ulong)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            for (var i = 0; i < elementBytes; i++)
            {
                result.Add((byte)(value >> (8 * i)));
            }
        }

        return [.. result];
    }

    private static void RequireType(OnnxTensor tensor, OnnxDataType type)
    {
        if (tensor.DataType != type)
        {
            throw new InvalidOperationException($"Tensor '{tensor.Name}' is {OnnxDataTypes.Name(tensor.DataType)}, not {OnnxDataTypes.Name(type)}.");
        }
    }

    /// <summary>Little-endian element bytes to host order or back (the same swap both ways); a no-op on little-endian hosts.</summary>
    internal static byte[] SwapIfBigEndian(byte[] littleEndian, int elementSize)
    {
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < littleEndian.Length; i += elementSize)
            {
                Array.Reverse(littleEndian, i, elementSize);
            }
        }

        return littleEndian;
    }

    private static OnnxFormatException Problem(OnnxTensor tensor, string problem)
        => new(tensor.ExternalDataDirectory ?? "model", -1, $"tensor '{tensor.Name}'", problem);
}
