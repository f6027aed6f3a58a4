using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Tests;

/// <summary>
/// Decodes 4-bit weights from the layouts documented for ONNX Runtime's MatMulNBits and GatherBlockQuantized
/// (written from the operator contracts, not from our packer): two codes per byte with the even element in the low
/// nibble, zero point 8 when none is given, w = (code − zero point) · scale.
/// </summary>
internal static class Int4Reference
{
    /// <summary>MatMulNBits' B [N, blocks, block/2], scales [N·blocks], zero points [N·⌈blocks/2⌉] back to the fp32 B [K, N].</summary>
    public static float[] MatMulWeight(OnnxModel model, OnnxNode node)
    {
        var k = (int)node.GetInt("K", 0);
        var n = (int)node.GetInt("N", 0);
        var blockSize = (int)node.GetInt("block_size", 0);
        var blocks = (k + blockSize - 1) / blockSize;
        var codes = Bytes(model, node.Inputs[1]);
        var scales = OnnxTensorData.ReadFloats(Initializer(model, node.Inputs[2]));
        var zeroPoints = node.Inputs.Count > 3 ? Bytes(model, node.Inputs[3]) : null;
        var weight = new float[k * n];
        for (var col = 0; col < n; col++)
        {
            for (var row = 0; row < k; row++)
            {
                var block = row / blockSize;
                var code = Nibble(codes, (((col * blocks) + block) * blockSize) + (row % blockSize));
                var zeroPoint = zeroPoints is null ? 8 : Nibble(zeroPoints, (col * ((blocks + 1) / 2) * 2) + block);
                weight[(row * n) + col] = (code - zeroPoint) * scales[(col * blocks) + block];
            }
        }

        return weight;
    }

    /// <summary>GatherBlockQuantized's uint8 table [V, D/2] (blocks along rows) back to the fp32 table [V, D].</summary>
    public static float[] GatherTable(OnnxModel model, OnnxNode node, out long[] dims)
    {
        var codesTensor = Initializer(model, node.Inputs[0]);
        var rows = (int)codesTensor.Dims[0];
        var width = (int)codesTensor.Dims[1] * 2;
        var blockSize = (int)node.GetInt("block_size", 128);
        var blocks = (width + blockSize - 1) / blockSize;
        var codes = Bytes(model, node.Inputs[0]);
        var scales = OnnxTensorData.ReadFloats(Initializer(model, node.Inputs[2]));
        var zeroPoints = node.Inputs.Count > 3 ? Bytes(model, node.Inputs[3]) : null;
        var table = new float[rows * width];
        for (var row = 0; row < rows; row++)
        {
            for (var col = 0; col < width; col++)
            {
                var block = col / blockSize;
                var zeroPoint = zeroPoints is null ? 8 : Nibble(zeroPoints, (row * ((blocks + 1) / 2) * 2) + block);
                table[(row * width) + col] = (Nibble(codes, (row * width) + col) - zeroPoint) * scales[(row * blocks) + block];
            }
        }

        dims = [rows, width];
        return table;
    }

    /// <summary>Rewrites the 4-bit model in place into the fp32 model it stands for: MatMul and Gather with the decoded weights.</summary>
    public static OnnxModel Dequantize(OnnxModel int4)
    {
        var nodes = new List<OnnxNode>();
        var weights = new List<OnnxTensor>();
        foreach (var node in int4.Graph.Nodes)
        {
            switch (node.OpType)
            {
                case "MatMulNBits":
                    weights.Add(OnnxTensor.FromFloats(node.Name + "_W", [node.GetInt("K", 0), node.GetInt("N", 0)], MatMulWeight(int4, node)));
                    nodes.Add(OnnxNode.Create("MatMul", node.Name!, [node.Inputs[0], node.Name + "_W"], [node.Outputs[0]]));
                    break;
                case "GatherBlockQuantized":
                    var table = GatherTable(int4, node, out var dims);
                    weights.Add(OnnxTensor.FromFloats(node.Name + "_E", dims, table));
                    nodes.Add(OnnxNode.Create("Gather", node.Name!, [node.Name + "_E", node.Inputs[1]], [node.Outputs[0]]));
                    break;
                default:
                    nodes.Add(node);
                    break;
            }
        }

        int4.OpsetImports.RemoveAll(o => o.Domain == "com.microsoft");
        int4.Graph.Nodes.Clear();
        int4.Graph.Nodes.AddRange(nodes);
        int4.Graph.Initializers.AddRange(weights);
        return int4;
    }

    private static int Nibble(byte[] bytes, int index) => (bytes[index / 2] >> (4 * (index % 2))) & 0x0F;

    private static byte[] Bytes(OnnxModel model, string name) => OnnxTensorData.ReadElementBytes(Initializer(model, name));

    private static OnnxTensor Initializer(OnnxModel model, string name) => model.Graph.Initializers.Single(t => t.Name == name);
}
