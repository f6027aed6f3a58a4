using System.IO;

namespace EfficiencyKit.Onnx.Protobuf;

/// <summary>A slice of an array in memory.</summary>
internal sealed class MemoryByteSource(byte[] bytes, int offset, int length) : ByteSource
{
    public override long Length => length;

    public override Stream OpenRead() => new MemoryStream(bytes, offset, length, writable: false);
}
