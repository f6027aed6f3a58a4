using System;
using System.IO;

namespace EfficiencyKit.Onnx.Protobuf;

/// <summary>
/// Bytes that live somewhere else: a range of the model file (how the reader keeps weights without loading them)
/// or an array in memory (what the quantizer produces). Writers copy them in chunks.
/// </summary>
public abstract class ByteSource
{
    /// <summary>Number of bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Wraps an array without copying it.</summary>
    public static ByteSource FromArray(byte[] bytes) => new MemoryByteSource(bytes, 0, (bytes ?? throw new ArgumentNullException(nameof(bytes))).Length);

    /// <summary>A read-only stream over exactly these bytes; the caller disposes it.</summary>
    public abstract Stream OpenRead();

    /// <summary>Loads the bytes into a new array; fails for sources over 2 GiB.</summary>
    public byte[] ReadAllBytes()
    {
        if (Length > int.MaxValue)
        {
            throw new InvalidOperationException($"{Length} bytes do not fit in one array.");
        }

        var bytes = new byte[Length];
        using var stream = OpenRead();
        var read = 0;
        while (read < bytes.Length)
        {
            var n = stream.Read(bytes, read, bytes.Length - read);
            if (n == 0)
            {
                throw new EndOfStreamException($"Expected {bytes.Length} bytes, the source ended after {read}.");
            }

            read += n;
        }

        return bytes;
    }

    /// <summary>Copies the bytes to <paramref name="destination"/> in chunks.</summary>
    public void CopyTo(Stream destination)
    {
        using var stream = OpenRead();
        var buffer = new byte[(int)Math.Min(Math.Max(Length, 1), 1 << 20)];
        var remaining = Length;
        while (remaining > 0)
        {
            var n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (n == 0)
            {
                throw new EndOfStreamException($"Expected {Length} bytes, the source ended {remaining} bytes early.");
            }

            destination.Write(buffer, 0, n);
            remaining -= n;
        }
    }
}
