using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Protobuf;
using EfficiencyKit.Tests.Shared;

namespace EfficiencyKit.Onnx.Tests;

public sealed class ReaderWriterTests() : TemporaryDirectoryTest("ek-onnx-")
{
    [Fact]
    public void Model_read_and_written_again_is_byte_identical()
    {
        var original = OnnxModelWriter.ToBytes(TestModels.ConvNet());

        var again = OnnxModelWriter.ToBytes(OnnxModelReader.Read(original));

        Assert.Equal(original, again);
    }

    [Fact]
    public void Fields_the_object_model_does_not_cover_survive_a_rewrite()
    {
        var model = TestModels.Mlp(inputs: 4, hidden: 8, outputs: 2);
        // ModelProto.functions (25) and GraphProto.sparse_initializer (15) are not modelled; fake one of each.
        model.PreservedFields.Add(ByteSource.FromArray([0xCA, 0x01, 3, 0x0A, 0x01, 0x66]));
        model.Graph.PreservedFields.Add(ByteSource.FromArray([(15 << 3) | 2, 0]));
        var bytes = OnnxModelWriter.ToBytes(model);

        var reread = OnnxModelReader.Read(bytes);

        Assert.Single(reread.PreservedFields);
        Assert.Single(reread.Graph.PreservedFields);
        Assert.Equal(bytes, OnnxModelWriter.ToBytes(reread));
    }

    [Fact]
    public void Weights_stay_on_disk_until_asked_for()
    {
        var path = Path.Combine(TestDirectory, "mlp.onnx");
        OnnxModelWriter.Write(TestModels.Mlp(), path);

        var model = OnnxModelReader.Read(path);
        var w1 = model.Graph.Initializers.Single(t => t.Name == "W1");

        Assert.Equal(256 * 1024 * 4, w1.RawData!.Length);
        Assert.Equal(TestModels.Weights(new Random(42), "W1", 256, 1024).RawData!.ReadAllBytes(), OnnxTensorData.ReadElementBytes(w1));
    }

    [Fact]
    public void Writing_over_the_model_being_read_is_safe()
    {
        var path = Path.Combine(TestDirectory, "mlp.onnx");
        OnnxModelWriter.Write(TestModels.Mlp(), path);
        var before = File.ReadAllBytes(path);

        OnnxModelWriter.Write(OnnxModelReader.Read(path), path);

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(TestDirectory));
    }

    [Fact]
    public void External_data_is_read_from_the_file_beside_the_model()
    {
        var weights = new float[] { 1, 2, 3, 4, 5, 6 };
        var data = new byte[16 + (weights.Length * 4)];
        Buffer.BlockCopy(weights, 0, data, 16, weights.Length * 4);
        File.WriteAllBytes(Path.Combine(TestDirectory, "weights.bin"), data);
        var model = new OnnxGraphBuilder("external").Input("x", OnnxDataType.Float, 1, 2).Node("MatMul", ["x", "W"], ["y"]).Output("y", OnnxDataType.Float, 1, 3).Build();
        var tensor = new OnnxTensor { Name = "W", DataType = OnnxDataType.Float, DataLocation = 1 };
        tensor.Dims.AddRange([2, 3]);
        tensor.ExternalData.Add(new("location", "weights.bin"));
        tensor.ExternalData.Add(new("offset", "16"));
        tensor.ExternalData.Add(new("length", "24"));
        model.Graph.Initializers.Add(tensor);
        var path = Path.Combine(TestDirectory, "external.onnx");
        OnnxModelWriter.Write(model, path);

        var read = OnnxModelReader.Read(path).Graph.Initializers.Single();

        Assert.Equal(weights, OnnxTensorData.ReadFloats(read));
    }

    [Theory]
    [InlineData("../secret.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("missing.bin")]
    public void External_data_outside_the_model_folder_or_missing_is_a_format_error(string location)
    {
        var tensor = new OnnxTensor { Name = "W", DataType = OnnxDataType.Float, DataLocation = 1, ExternalDataDirectory = TestDirectory };
        tensor.Dims.Add(2);
        tensor.ExternalData.Add(new("location", location));

        var error = Assert.Throws<OnnxFormatException>(() => OnnxTensorData.ReadFloats(tensor));

        Assert.Contains("tensor 'W'", error.Message);
    }

    [Theory]
    [InlineData("/etc/passwd", null, null)]
    [InlineData("../../../etc/passwd", null, null)]
    [InlineData("missing.bin", null, null)]
    [InlineData("weights.bin", "40", null)]
    [InlineData("weights.bin", "0", "4096")]
    public void Inspecting_a_model_whose_external_data_is_outside_its_folder_missing_or_short_is_a_format_error(string location, string? offset, string? length)
    {
        File.WriteAllBytes(Path.Combine(TestDirectory, "weights.bin"), new byte[48]);
        var model = new OnnxGraphBuilder("external").Input("x", OnnxDataType.Float, 1, 2).Node("MatMul", ["x", "W"], ["y"]).Output("y", OnnxDataType.Float, 1, 3).Build();
        var tensor = new OnnxTensor { Name = "W", DataType = OnnxDataType.Float, DataLocation = 1 };
        tensor.Dims.AddRange([2, 3]);
        tensor.ExternalData.Add(new("location", location));
        if (offset is not null)
        {
            tensor.ExternalData.Add(new("offset", offset));
        }

        if (length is not null)
        {
            tensor.ExternalData.Add(new("length", length));
        }

        model.Graph.Initializers.Add(tensor);
        var path = Path.Combine(TestDirectory, "external.onnx");
        OnnxModelWriter.Write(model, path);

        var error = Assert.Throws<OnnxFormatException>(() => EfficiencyKit.Onnx.Inspection.ModelInspector.Inspect(path));

        Assert.Contains("tensor 'W'", error.Message);
    }

    [Theory]
    [InlineData(OnnxDataType.Float, 4, 4, 1_000_000_000_000L, "float_data holds 1 values")]
    [InlineData(OnnxDataType.Float, 4, 8, 3L, "float_data holds 2 values")]
    [InlineData(OnnxDataType.Complex64, 4, 8, 2L, "float_data holds 2 values")]
    [InlineData(OnnxDataType.Double, 10, 8, 2L, "double_data holds 1 values")]
    [InlineData(OnnxDataType.Int64, 7, 1, 1_000_000L, "int64_data holds 1 bytes")]
    [InlineData(OnnxDataType.Int32, 5, 30, 2L, "int32_data holds 30 bytes")]
    public void Typed_data_that_cannot_hold_the_elements_of_the_shape_is_a_format_error(OnnxDataType type, int field, int bytes, long elements, string expected)
    {
        var model = TestModels.Mlp(inputs: 4, hidden: 8, outputs: 2);
        var tensor = new OnnxTensor { Name = "T", DataType = type, TypedDataField = field };
        tensor.Dims.Add(elements);
        tensor.TypedData.Add(ByteSource.FromArray(new byte[bytes]));
        model.Graph.Initializers.Add(tensor);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(OnnxModelWriter.ToBytes(model), "typed.onnx"));

        Assert.Contains("tensor 'T'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OnnxDataType.Float, 4, 12, 3L)]
    [InlineData(OnnxDataType.Complex64, 4, 16, 2L)]
    [InlineData(OnnxDataType.Int64, 7, 3, 3L)]
    [InlineData(OnnxDataType.Int4, 5, 2, 3L)]
    public void Typed_data_of_the_right_size_reads(OnnxDataType type, int field, int bytes, long elements)
    {
        var model = TestModels.Mlp(inputs: 4, hidden: 8, outputs: 2);
        var tensor = new OnnxTensor { Name = "T", DataType = type, TypedDataField = field };
        tensor.Dims.Add(elements);
        tensor.TypedData.Add(ByteSource.FromArray(new byte[bytes]));
        model.Graph.Initializers.Add(tensor);

        var read = OnnxModelReader.Read(OnnxModelWriter.ToBytes(model), "typed.onnx");

        Assert.Equal(elements, read.Graph.Initializers.Single(t => t.Name == "T").ElementCount);
    }

    [Fact]
    public void Raw_data_shorter_than_the_shape_is_a_format_error_naming_the_tensor()
    {
        var model = TestModels.Mlp(inputs: 4, hidden: 8, outputs: 2);
        model.Graph.Initializers[0].RawData = ByteSource.FromArray(new byte[100]);

        var error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(OnnxModelWriter.ToBytes(model), "short.onnx"));

        Assert.Equal("graph.initializer[0]", error.FieldPath);
        Assert.Contains("tensor 'W1' raw_data holds 100 bytes but dims [4,8] of FLOAT need 128", error.Message);
        Assert.StartsWith("short.onnx: not a valid ONNX model at byte offset ", error.Message);
    }

    [Fact]
    public void Non_onnx_files_give_a_clear_error()
    {
        Assert.Contains("the file is empty", Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read([])).Message);
        var text = System.Text.Encoding.UTF8.GetBytes("{\"not\": \"onnx\"}");
        Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(text));
    }
}
