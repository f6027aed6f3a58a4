using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace EfficiencyKit.Onnx.Protobuf;

/// <summary>
/// Reads the protobuf wire format from a seekable stream with a small buffer. Length-delimited fields that the
/// caller does not want (weights) are skipped by seeking, so reading cost and memory do not grow with weight
/// size. Every length is checked against the enclosing message and the file end before it is trusted, so a
/// corrupted or truncated file ends in <see cref="OnnxFormatException"/>, never an overrun, a huge allocation or
/// a hang (each step consumes at least one byte).
/// </summary>
internal sealed class ProtoReader
{
    private const int BufferSize = 1 << 16;

    // Strings (names, doc strings, attribute bytes) are read into memory; nothing legitimate comes near this.
    private const int MaxInlineBytes = 256 << 20;

    private readonly Stream _stream;
    private readonly Func<long, long, ByteSource> _rangeFactory;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly List<string> _path = [];
    private long _bufferOffset;
    private int _bufferPosition;
    private int _bufferCount;
    private long _limit;

    public ProtoReader(Stream stream, string sourceName, Func<long, long, ByteSource> rangeFactory)
    {
        _stream = stream;
        SourceName = sourceName;
        _rangeFactory = rangeFactory;
        _limit = stream.Length;
        _bufferOffset = stream.Position;
    }

    public string SourceName { get; }

    public long Position => _bufferOffset + _bufferPosition;

    /// <summary>Bytes left before the end of the enclosing message (or of the file at the top level).</summary>
    public long Remaining => _limit - Position;

    public string FieldPath => string.Join(".", _path);

    /// <summary>Where the most recently read tag began (unknown fields are preserved from there, tag included).</summary>
    public long LastTagStart { get; private set; }

    public void EnterField(string name) => _path.Add(name);

    public void ExitField() => _path.RemoveAt(_path.Count - 1);

    public OnnxFormatException Error(string problem) => new(SourceName, Position, FieldPath, problem);

    /// <summary>Reads the next tag, or returns false at the end of the enclosing message.</summary>
    public bool TryReadTag(out int fieldNumber, out WireType wireType)
    {
        if (Position >= _limit)
        {
            fieldNumber = 0;
            wireType = default;
            return false;
        }

        var start = Position;
        LastTagStart = start;
        var tag = ReadVarint();
        if (tag >> 3 is 0 or > 536_870_911)
        {
            throw new OnnxFormatException(SourceName, start, FieldPath, $"invalid field number {tag >> 3} in tag 0x{tag:x}");
        }

        fieldNumber = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        if (wireType is WireType.StartGroup or WireType.EndGroup || (int)wireType > 5)
        {
            throw new OnnxFormatException(SourceName, start, FieldPath, $"field {fieldNumber} uses wire type {(int)wireType}, which onnx.proto never uses");
        }

        return true;
    }

    public ulong ReadVarint()
    {
        var start = Position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new OnnxFormatException(SourceName, start, FieldPath, "a varint runs longer than 10 bytes");
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    public int ReadInt32() => unchecked((int)(long)ReadVarint());

    public uint ReadFixed32()
    {
        uint value = 0;
        for (var i = 0; i < 4; i++)
        {
            value |= (uint)ReadByte() << (8 * i);
        }

        return value;
    }

    public ulong ReadFixed64()
    {
        ulong value = 0;
        for (var i = 0; i < 8; i++)
        {
            value |= (ulong)ReadByte() << (8 * i);
        }

        return value;
    }

    public float ReadFloat()
    {
        var bits = ReadFixed32();
        return BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
    }

    /// <summary>Reads a length prefix and checks that the payload fits in the enclosing message.</summary>
    public long ReadLength()
    {
        var start = Position;
        var length = ReadVarint();
        if (length > (ulong)Remaining)
        {
            throw new OnnxFormatException(
                SourceName,
                start,
                FieldPath,
                $"a field declares {length} bytes but only {Remaining} remain in the enclosing {(_limit == _stream.Length ? "file" : "message")} (truncated or corrupted file)");
        }

        return (long)length;
    }

    public byte[] ReadBytes()
    {
        var length = ReadLength();
        if (length > MaxInlineBytes)
        {
            throw Error($"a {length}-byte string or bytes field is larger than any name or attribute should be");
        }

        var bytes = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (_bufferPosition == _bufferCount)
            {
                Fill();
            }

            var n = Math.Min(_bufferCount - _bufferPosition, (int)length - copied);
            Buffer.BlockCopy(_buffer, _bufferPosition, bytes, copied, n);
            _bufferPosition += n;
            copied += n;
        }

        return bytes;
    }

    public string ReadString()
    {
        var bytes = ReadBytes();
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Skips a length-delimited payload and returns where it was, without reading it.</summary>
    public ByteSource ReadRange()
    {
        var length = ReadLength();
        var offset = Position;
        Skip(length);
        return _rangeFactory(offset, length);
    }

    /// <summary>The bytes from <paramref name="start"/> to the current position, as a range of the source.</summary>
    public ByteSource RangeFrom(long start) => _rangeFactory(start, Position - start);

    /// <summary>Narrows reading to the next <paramref name="length"/> bytes; returns the limit to restore.</summary>
    public long PushLimit(long length)
    {
        var previous = _limit;
        _limit = Position + length;
        return previous;
    }

    public void PopLimit(long previous)
    {
        if (Position != _limit)
        {
            throw Error($"a nested message ended {_limit - Position} bytes before its declared length");
        }

        _limit = previous;
    }

    public void SkipField(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Skip(8);
                break;
            case WireType.Fixed32:
                Skip(4);
                break;
            case WireType.LengthDelimited:
                Skip(ReadLength());
                break;
            default:
                throw Error($"cannot skip wire type {(int)wireType}");
        }
    }

    private void Skip(long count)
    {
        if (count > Remaining)
        {
            throw Error($"{count} bytes are needed but only {Remaining} remain (truncated file)");
        }

        var inBuffer = _bufferCount - _bufferPosition;
        if (count <= inBuffer)
        {
            _bufferPosition += (int)count;
            return;
        }

        var target = Position + count;
        _stream.Position = target;
        _bufferOffset = target;
        _bufferPosition = 0;
        _bufferCount = 0;
    }

    private byte ReadByte()
    {
        if (Position >= _limit)
        {
            throw Error(_limit == _stream.Length
                ? "the file ends in the middle of a field (truncated file)"
                : "a field runs past the end of its enclosing message");
        }

        if (_bufferPosition == _bufferCount)
        {
            Fill();
        }

        return _buffer[_bufferPosition++];
    }

    private void Fill()
    {
        _bufferOffset += _bufferCount;
        _bufferPosition = 0;
        _bufferCount = 0;
        var wanted = (int)Math.Min(BufferSize, _stream.Length - _bufferOffset);
        while (_bufferCount < wanted)
        {
            var n = _stream.Read(_buffer, _bufferCount, wanted - _bufferCount);
            if (n == 0)
            {
                break;
            }

            _bufferCount += n;
        }

        if (_bufferCount == 0)
        {
            throw Error("the file ends in the middle of a field (truncated file)");
        }
    }
}
