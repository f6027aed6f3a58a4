using System;

namespace EfficiencyKit.OnnxRuntime.Tests;

public sealed class OrtTensorTests
{
    [Fact]
    public void Wraps_data_and_shape()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };

        var tensor = OrtTensor.Create("x", data, 2, 3);

        Assert.Equal("x", tensor.Name);
        Assert.Equal(OrtElementType.Float, tensor.ElementType);
        Assert.Equal([2L, 3L], tensor.Shape);
        Assert.Equal(6, tensor.ElementCount);
        Assert.Equal(data, tensor.FloatData.ToArray());
    }

    [Fact]
    public void A_scalar_has_an_empty_shape_and_one_element()
    {
        var tensor = OrtTensor.Create(null, [42L]);

        Assert.Empty(tensor.Shape);
        Assert.Equal(42L, tensor.Int64Data[0]);
    }

    [Fact]
    public void Rejects_a_shape_that_does_not_match_the_data()
    {
        var exception = Assert.Throws<ArgumentException>(() => OrtTensor.Create("x", new float[5], 2, 3));

        Assert.Contains("holds 6 elements but the data has 5", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_negative_dimensions()
    {
        Assert.Throws<ArgumentException>(() => OrtTensor.Create("x", Array.Empty<long>(), -1, 0));
    }

    [Fact]
    public void Reading_the_wrong_element_type_throws()
    {
        var tensor = OrtTensor.Create("ids", [1L, 2L], 2);

        Assert.Throws<InvalidOperationException>(() => tensor.FloatData.ToArray());
        Assert.Equal("renamed", tensor.WithName("renamed").Name);
    }
}
