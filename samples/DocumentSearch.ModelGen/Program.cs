using System;
using System.IO;
using DocumentSearch.ModelGen;
using EfficiencyKit.Onnx.Model;
using EfficiencyKit.Onnx.Quantization;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: DocumentSearch.ModelGen <output folder>   (writes doc-embedder.onnx and doc-embedder.int8.onnx)");
    return 2;
}

var fp32 = Path.Combine(args[0], "doc-embedder.onnx");
var int8 = Path.Combine(args[0], "doc-embedder.int8.onnx");

// OnnxModelWriter and the quantizer write to a temporary name and move it into place, so a build that stops
// half-way, or two builds at once, never leave a truncated model behind.
OnnxModelWriter.Write(EmbedderModel.Build(), fp32);

// Reduced range (7-bit weights): on x86 CPUs without VNNI, ONNX Runtime's int8 kernels can saturate with
// full-range weights; the sample must give the same answers on every machine it is built on.
var report = ModelQuantizer.Quantize(fp32, int8, new QuantizationOptions { Target = QuantizationTarget.Int8, ReduceRange = true });
double cosine;
try
{
    cosine = ModelCheck.Compare(fp32, int8);
}
catch (Exception exception) when (exception is InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
{
    Console.Error.WriteLine($"DocumentSearch.ModelGen: error: {exception.Message}");
    return 1;
}

Console.WriteLine($"DocumentSearch.ModelGen: {fp32} ({report.BytesBefore:N0} bytes), {int8} ({report.BytesAfter:N0} bytes, {report.Tensors.Count} weights quantized); both run in ONNX Runtime, embeddings agree to cosine {cosine:F4}");
return 0;
