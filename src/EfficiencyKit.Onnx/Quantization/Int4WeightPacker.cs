using System;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Quantization;

/// <summary>
/// Streams a 2-D FLOAT weight into 4-bit blocks (<see cref="Int4Block"/>) without an fp32 copy of its own size:
/// memory is the 4-bit result, one band of rows, and the reader's chunk.
/// </summary>
internal static class Int4WeightPacker
{
    /// <summary>
    /// MatMul's B [K, N] in MatMulNBits' layout: blocks run down each column (along K), codes [N, blocks, block/2],
    /// scales [N·blocks], zero points [N·⌈blocks/2⌉]; a last block shorter than the block size is padded with the code
    /// of 0 (ORT ignores rows past K). Null when the weight holds NaN or ±infinity.
    /// </summary>
    public static Int4Weight? ForMatMul(OnnxTensor weight, int blockSize, bool symmetric)
    {
        var k = weight.Dims[0];
        var n = checked((int)weight.Dims[1]);
        var blocks = (k + blockSize - 1) / blockSize;
        var blob = blockSize / 2;
        var zeroPointRow = (blocks + 1) / 2;
        var codes = new byte[checked(n * blocks * blob)];
        var scales = new float[checked(n * blocks)];
        var zeroPoints = symmetric ? null : new byte[checked(n * zeroPointRow)];
        var column = new float[blockSize];
        var blockCodes = new byte[blockSize];
        var maxError = 0.0;
        var finite = ForEachBand(weight, n, blockSize, (band, rows, block) =>
        {
            for (var col = 0; col < n; col++)
            {
                for (var row = 0; row < rows; row++)
                {
                    column[row] = band[(row * n) + col];
                }

                var (scale, zeroPoint) = Int4Block.Quantize(column.AsSpan(0, rows), blockCodes, symmetric, ref maxError);
                blockCodes.AsSpan(rows).Fill(zeroPoint);
                var at = ((col * blocks) + block) * blob;
                for (var j = 0; j < blob; j++)
                {
                    codes[at + j] = (byte)(blockCodes[2 * j] | (blockCodes[(2 * j) + 1] << 4));
                }

                scales[(col * blocks) + block] = scale;
                if (zeroPoints is not null)
                {
                    zeroPoints[(col * zeroPointRow) + (block / 2)] |= (byte)(zeroPoint << (4 * (int)(block & 1)));
                }
            }
        });
        return finite ? new Int4Weight(codes, [n, blocks, blob], scales, [n * blocks], zeroPoints, [n * zeroPointRow], maxError) : null;
    }

    /// <summary>
    /// An embedding table [V, D] in GatherBlockQuantized's uint8 layout: blocks run along each row (quantize_axis 1),
    /// codes [V, D/2], scales [V, blocks], zero points [V, ⌈blocks/2⌉]. D must be even (the codes of a row fill whole
    /// bytes). Null when the table holds NaN or ±infinity.
    /// </summary>
    public static Int4Weight? ForGather(OnnxTensor table, int blockSize, bool symmetric)
    {
        var v = table.Dims[0];
        var d = checked((int)table.Dims[1]);
        var blocks = (d + blockSize - 1) / blockSize;
        var zeroPointRow = (blocks + 1) / 2;
        var codes = new byte[checked(v * (d / 2))];
        var scales = new float[checked(v * blocks)];
        var zeroPoints = symmetric ? null : new byte[checked(v * zeroPointRow)];
        var blockCodes = new byte[blockSize];
        var maxError = 0.0;
        var finite = ForEachBand(table, d, 1, (row, _, index) =>
        {
            for (var block = 0; block < blocks; block++)
            {
                var start = block * blockSize;
                var length = Math.Min(blockSize, d - start);
                var (scale, zeroPoint) = Int4Block.Quantize(row.AsSpan(start, length), blockCodes, symmetric, ref maxError);
                var at = (index * (d / 2)) + (start / 2);
                for (var j = 0; j < length / 2; j++)
                {
                    codes[at + j] = (byte)(blockCodes[2 * j] | (blockCodes[(2 * j) + 1] << 4));
                }

                scales[(index * blocks) + block] = scale;
                if (zeroPoints is not null)
                {
                    zeroPoints[(index * zeroPointRow) + (block / 2)] |= (byte)(zeroPoint << (4 * (block & 1)));
                }
            }
        });
        return finite ? new Int4Weight(codes, [v, d / 2], scales, [v, blocks], zeroPoints, [v, zeroPointRow], maxError) : null;
    }

    /// <summary>
    /// Calls <paramref name="band"/> with consecutive bands of <paramref name="rowsPerBand"/> rows (the last may be
    /// shorter), their row count and band index; stops and returns false at the first non-finite value.
    /// </summary>
    private static bool ForEachBand(OnnxTensor weight, int rowLength, int rowsPerBand, Action<float[], int, long> band)
    {
        var buffer = new float[checked(rowLength * rowsPerBand)];
        var filled = 0;
        long index = 0;
        var finite = true;
        OnnxTensorData.ForEachFloatChunk(weight, chunk =>
        {
            var values = chunk.Span;
            while (finite && values.Length > 0)
            {
                var part = values.Slice(0, Math.Min(values.Length, buffer.Length - filled));
                foreach (var value in part)
                {
                    finite &= !float.IsNaN(value) && !float.IsInfinity(value);
                }

                part.CopyTo(buffer.AsSpan(filled));
                filled += part.Length;
                values = values.Slice(part.Length);
                if (finite && filled == buffer.Length)
                {
                    band(buffer, rowsPerBand, index++);
                    filled = 0;
                }
            }
        });

        if (finite && filled > 0)
        {
            band(buffer, filled / rowLength, index);
        }

        return finite;
    }
}
