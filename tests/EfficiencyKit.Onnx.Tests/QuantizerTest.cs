using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;
using EfficiencyKit.Tests.Shared;

namespace EfficiencyKit.Onnx.Tests;

/// <summary>
/// The base of a test class that quantizes models as the build does, file to file in the test's folder, and checks
/// each time that the input file is left as it was.
/// </summary>
/// <param name="prefix">The start of the test folder's name.</param>
public abstract class QuantizerTest(string prefix) : TemporaryDirectoryTest(prefix)
{
    /// <summary>Writes <paramref name="model"/> to input.onnx and quantizes it into output.&lt;target&gt;.onnx (output.int4.onnx for int4), read back into <paramref name="written"/>.</summary>
    private protected QuantizationReport Quantize(OnnxModel model, QuantizationOptions options, out OnnxModel written)
    {
        var input = Path.Combine(TestDirectory, "input.onnx");
        OnnxModelWriter.Write(model, input);
        var before = File.ReadAllBytes(input);
        var report = ModelQuantizer.Quantize(input, Path.Combine(TestDirectory, $"output.{QuantizationTargets.Name(options.Target)}.onnx"), options);
        Assert.Equal(before, File.ReadAllBytes(input));
        written = OnnxModelReader.Read(report.OutputPath);
        return report;
    }
}
