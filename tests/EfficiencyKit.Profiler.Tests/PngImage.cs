using System.Buffers.Binary;
using System.IO.Compression;

namespace EfficiencyKit.Profiler.Tests;

/// <summary>Reads an 8-bit RGB/RGBA PNG (what Chromium's --screenshot writes) into its size and distinct colours.</summary>
internal sealed class PngImage
{
    private PngImage(int width, int height, int distinctColours)
    {
        Width = width;
        Height = height;
        DistinctColours = distinctColours;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Distinct pixel values: 1 for a blank page, hundreds for text, tables and charts.</summary>
    public int DistinctColours { get; }

    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8 || BinaryPrimitives.ReadUInt64BigEndian(bytes) != 0x89504E470D0A1A0A)
        {
            throw new InvalidDataException($"{path} is not a PNG.");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {data[9]} is not RGB or RGBA") };
                if (data[8] != 8 || data[12] != 0)
                {
                    throw new InvalidDataException("only 8-bit, non-interlaced PNGs are read");
                }
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var previous = new byte[stride];
        var row = new byte[stride];
        var colours = new HashSet<int>();
        for (var y = 0; y < height; y++)
        {
            var filter = inflate.ReadByte();
            inflate.ReadExactly(row);
            Unfilter(filter, row, previous, channels);
            for (var x = 0; x < stride; x += channels)
            {
                colours.Add(row[x] << 16 | row[x + 1] << 8 | row[x + 2]);
            }

            (previous, row) = (row, previous);
        }

        return new PngImage(width, height, colours.Count);
    }

    // PNG filter types 0-4 (the PNG specification, section 9).
    private static void Unfilter(int filter, byte[] row, byte[] previous, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
            row[i] = (byte)(row[i] + filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"PNG filter {filter}"),
            });
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
