using System.Buffers.Binary;
using System.Text;

namespace EfficiencyKit.Runtime.Tests;

/// <summary>
/// A decoded protobuf message (wire format only: varint, 64-bit, length-delimited, 32-bit), enough to read the OTLP
/// export requests the OpenTelemetry exporter sends, by the field numbers of opentelemetry-proto.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly List<(int Field, int WireType, ulong Number, ReadOnlyMemory<byte> Bytes)> _fields = [];

    public ProtoMessage(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var position = 0;
        while (position < span.Length)
        {
            var key = ReadVarint(span, ref position);
            var field = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    _fields.Add((field, wireType, ReadVarint(span, ref position), default));
                    break;
                case 1:
                    _fields.Add((field, wireType, BinaryPrimitives.ReadUInt64LittleEndian(span.Slice(position, 8)), default));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(span, ref position);
                    _fields.Add((field, wireType, 0, data.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    _fields.Add((field, wireType, BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(position, 4)), default));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported wire type {wireType} at byte {position}.");
            }
        }
    }

    public IEnumerable<ProtoMessage> Messages(int field) => _fields.Where(f => f.Field == field && f.WireType == 2).Select(f => new ProtoMessage(f.Bytes));

    public ProtoMessage? Message(int field) => Messages(field).FirstOrDefault();

    public string? String(int field) => _fields.Where(f => f.Field == field && f.WireType == 2).Select(f => Encoding.UTF8.GetString(f.Bytes.Span)).FirstOrDefault();

    public ulong? Number(int field) => _fields.Where(f => f.Field == field && f.WireType != 2).Select(f => (ulong?)f.Number).FirstOrDefault();

    public double? Double(int field) => Number(field) is { } bits ? BitConverter.Int64BitsToDouble((long)bits) : null;

    /// <summary>A packed repeated fixed64 / double field.</summary>
    public IReadOnlyList<ulong> Fixed64s(int field) => _fields
        .Where(f => f.Field == field)
        .SelectMany(f => f.WireType == 2 ? Enumerable.Range(0, f.Bytes.Length / 8).Select(i => BinaryPrimitives.ReadUInt64LittleEndian(f.Bytes.Span.Slice(i * 8, 8))).ToArray() : [f.Number])
        .ToArray();

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
