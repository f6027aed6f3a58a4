using System.CommandLine;
using System.IO;
using EfficiencyKit.Onnx.Quantization;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'quantize': a thin command over EfficiencyKit.Onnx's quantizer.</summary>
internal static class QuantizeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Argument<FileInfo>("model") { Description = "The .onnx model file (never modified)." };
        var to = new Option<string>("--to")
        {
            Description = "int8 (dynamic, ONNX Runtime quantize_dynamic pattern), int4 (block-wise 4-bit weights for ONNX Runtime's MatMulNBits; runs in ONNX Runtime only) or fp16 (weights only).",
            Required = true,
        };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Output model (default: beside the input, model.int8.onnx, model.int4.onnx or model.fp16.onnx)." };
        var reduceRange = new Option<bool>("--reduce-range") { Description = "int8: 7-bit weights, for x86 CPUs without VNNI where full-range int8 saturates in ONNX Runtime." };
        var blockSize = new Option<int>("--block-size") { Description = "int4: weights per scale, 32, 64 or 128 (smaller: closer to fp32, larger file).", DefaultValueFactory = _ => 32 };
        var asymmetric = new Option<bool>("--asymmetric") { Description = "int4: blocks from their min to their max with a 4-bit zero point each (default: symmetric around zero)." };
        var accuracyLevel = new Option<int>("--accuracy-level")
        {
            Description = "int4: MatMulNBits accuracy_level, 0-4. 4 (default) lets ONNX Runtime's CPU kernel multiply in int8 where it can; 0-3 compute in fp32 on CPUs.",
            DefaultValueFactory = _ => 4,
        };
        var embeddings = new Option<bool>("--embeddings") { Description = "int4: also store constant embedding tables read by Gather in 4 bits (GatherBlockQuantized)." };
        to.AcceptOnlyFromAmong("int8", "int4", "fp16");
        blockSize.AcceptOnlyFromAmong("32", "64", "128");
        CliOptions.Validate(accuracyLevel, value => value is < 0 or > 4 ? "--accuracy-level must be 0 to 4." : null);
        var command = new Command("quantize", "Write an int8, int4 or fp16 copy of an ONNX model and report sizes, tensors converted and nodes rewritten or skipped (with why).")
        {
            model, to, output, reduceRange, blockSize, asymmetric, accuracyLevel, embeddings,
        };
        command.SetAction((parse, _) => CommandGuard.Run(() =>
        {
            var input = parse.GetValue(model)!;
            QuantizationTargets.TryParse(parse.GetValue(to), out var target);
            var outputPath = parse.GetValue(output)?.FullName
                ?? Path.Combine(input.DirectoryName ?? ".", Path.GetFileNameWithoutExtension(input.Name) + "." + QuantizationTargets.Name(target) + ".onnx");
            var report = ModelQuantizer.Quantize(input.FullName, outputPath, new QuantizationOptions
            {
                Target = target,
                ReduceRange = parse.GetValue(reduceRange),
                BlockSize = parse.GetValue(blockSize),
                Symmetric = !parse.GetValue(asymmetric),
                AccuracyLevel = parse.GetValue(accuracyLevel),
                QuantizeEmbeddings = parse.GetValue(embeddings),
            });
            InspectionRenderer.Render(console, report);
            return 0;
        }));
        return command;
    }
}
