using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace EfficiencyKit.Onnx.Protobuf;

/// <summary>
/// Writes the protobuf wire format. A writer without a stream only counts bytes: nested messages need their
/// length before their body, so <see cref="WriteMessage"/> measures the body with a counting writer first. Counting
/// does not recurse into re-measuring, so the cost is the message size times the nesting depth, and tensor
/// payloads (<see cref="ByteSource"/>) are counted by length without being read.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly Stream? _stream;
    private readonly byte[] _scratch = new byte[10];

    public ProtoWriter(Stream? stream) => _stream = stream;

    /// <summary>Bytes written (or counted) so far.</summary>
    public long Count { get; private set; }

    public static long Measure(Action<ProtoWriter> body)
    {
        var counter = new ProtoWriter(null);
        body(counter);
        return counter.Count;
    }

    public void WriteTag(int field, WireType wire) => WriteVarint(((ulong)(uint)field << 3) | (uint)wire);

    public void WriteVarint(ulong value)
    {
        var n = 0;
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            _scratch[n++] = value != 0 ? (byte)(b | 0x80) : b;
        }
        while (value != 0);

        WriteRaw(_scratch, n);
    }

    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        WriteFixed32(value);
    }

    public void WriteString(int field, string? value)
    {
        if (value is not null)
        {
            WriteBytes(field, Encoding.UTF8.GetBytes(value));
        }
    }

    public void WriteBytes(int field, byte[] value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        WriteRaw(value, value.Length);
    }

    // onnx.proto declares dims, ints and floats as plain proto2 repeated fields (not [packed=true]); writing them
    // one per tag gives the same bytes as the upstream Python/C++ serializers.
    public void WriteRepeatedInt64s(int field, IReadOnlyList<long> values)
    {
        foreach (var value in values)
        {
            WriteInt64(field, value);
        }
    }

    public void WriteRepeatedFloats(int field, IReadOnlyList<float> values)
    {
        foreach (var value in values)
        {
            WriteFloat(field, value);
        }
    }

    public void WriteMessage(int field, Action<ProtoWriter> body)
    {
        var length = Measure(body);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)length);
        if (_stream is null)
        {
            Count += length;
            return;
        }

        var before = Count;
        body(this);
        if (Count - before != length)
        {
            throw new InvalidOperationException($"A message measured {length} bytes but wrote {Count - before}.");
        }
    }

    /// <summary>A length-delimited field whose payload comes from <paramref name="payload"/> (weights).</summary>
    public void WriteSource(int field, ByteSource payload)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)payload.Length);
        WriteVerbatim(payload);
    }

    /// <summary>Bytes copied as they are: preserved fields, tag included.</summary>
    public void WriteVerbatim(ByteSource bytes)
    {
        if (_stream is not null)
        {
            bytes.CopyTo(_stream);
        }

        Count += bytes.Length;
    }

    private void WriteFixed32(float value)
    {
        var bytes = BitConverter.GetBytes(value);
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        WriteRaw(bytes, 4);
    }

    private void WriteRaw(byte[] bytes, int count)
    {
        _stream?.Write(bytes, 0, count);
        Count += count;
    }
}
