using System.IO;

namespace EfficiencyKit.Onnx.Protobuf;

/// <summary>A byte range of a file, read only when someone asks (the reader never loads weights to inspect).</summary>
internal sealed class FileByteSource(string path, long offset, long length) : ByteSource
{
    public string Path { get; } = path;

    public long Offset { get; } = offset;

    public override long Length => length;

    public override Stream OpenRead()
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        if (file.Length < Offset + length)
        {
            file.Dispose();
            throw new EndOfStreamException($"{Path} holds {file.Length} bytes; bytes {Offset}..{Offset + length} were expected (has the file changed since it was read?).");
        }

        file.Position = Offset;
        return new SubStream(file, length);
    }
}
