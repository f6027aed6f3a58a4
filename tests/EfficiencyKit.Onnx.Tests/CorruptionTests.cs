using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Model;

namespace EfficiencyKit.Onnx.Tests;

/// <summary>Truncated and corrupted bytes of real models end in <see cref="OnnxFormatException"/> or a valid read, never anything else.</summary>
public sealed class CorruptionTests
{
    [Fact]
    public void Every_truncation_of_a_model_is_a_format_error_or_a_smaller_valid_model()
    {
        var bytes = OnnxModelWriter.ToBytes(TestModels.AttentionBlock());
        var errors = 0;
        var tried = 0;
        for (var length = 0; length < bytes.Length; length += length < 2_000 ? 1 : 97)
        {
            tried++;
            errors += ReadsOrFailsCleanly(bytes.AsSpan(0, length).ToArray()) ? 1 : 0;
        }

        // Almost every cut lands inside a field; those must all be reported, not crash.
        Assert.True(errors > tried * 9 / 10, $"{errors} of {tried} truncations were reported");
    }

    [Fact]
    public void Thousands_of_random_mutations_only_ever_produce_the_typed_error()
    {
        var models = new[] { TestModels.Mlp(inputs: 16, hidden: 32, outputs: 4), TestModels.ConvNet(), TestModels.AttentionBlock() };
        var random = new Random(1234);
        for (var round = 0; round < 6_000; round++)
        {
            var bytes = OnnxModelWriter.ToBytes(models[round % models.Length]);
            var mutations = 1 + random.Next(8);
            for (var m = 0; m < mutations; m++)
            {
                var position = random.Next(bytes.Length);
                switch (random.Next(3))
                {
                    case 0: bytes[position] = (byte)random.Next(256); break;
                    case 1: bytes[position] ^= (byte)(1 << random.Next(8)); break;
                    default: bytes[position] = 0xFF; break;
                }
            }

            ReadsOrFailsCleanly(bytes);
        }
    }

    // True when the bytes were rejected with the typed error, by the reader or by the inspection's graph checks (a
    // renamed value can make a node read what a later one produces); false when they formed a model that inspects.
    private static bool ReadsOrFailsCleanly(byte[] bytes)
    {
        try
        {
            var model = OnnxModelReader.Read(bytes, "mutated.onnx");
            ModelInspector.Inspect(model, "mutated.onnx", bytes.Length, new InspectionOptions { BatchSize = 2 });
            return false;
        }
        catch (OnnxFormatException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Problem));
            return true;
        }
    }
}
