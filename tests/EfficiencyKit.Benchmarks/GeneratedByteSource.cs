using EfficiencyKit.Onnx.Protobuf;

namespace EfficiencyKit.Benchmarks;

/// <summary>Pseudo-random float32 weights in [-0.01, 0.01), produced while they are written, so a 500 MB model never sits in memory.</summary>
internal sealed class GeneratedByteSource(long floats, int seed) : ByteSource
{
    public override long Length => floats * 4;

    public override Stream OpenRead() => new Generator(Length, seed);

    private sealed class Generator(long length, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position) & ~3;
            for (var i = 0; i < n; i += 4)
            {
                BitConverter.TryWriteBytes(buffer.AsSpan(offset + i, 4), (float)((_random.NextDouble() * 0.02) - 0.01));
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
