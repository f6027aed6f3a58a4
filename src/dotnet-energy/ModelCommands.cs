using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Quantization;
using Spectre.Console;

namespace EfficiencyKit.Cli;

/// <summary>'inspect' and 'quantize': thin commands over EfficiencyKit.Onnx.</summary>
internal static class ModelCommands
{
    public static Command Inspect(IAnsiConsole console)
    {
        var model = new Argument<FileInfo>("model") { Description = "The .onnx model file." };
        var batch = new Option<long>("--batch", "-b") { Description = "Batch size: the value of each input's leading symbolic dimension.", DefaultValueFactory = _ => 1 };
        var dims = new Option<string[]>("--dim")
        {
            Description = "Value of a named symbolic dimension, name=value (repeatable), e.g. --dim sequence=128.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };
        var profile = new Option<string>("--profile")
        {
            Description = "Hardware to estimate joules on: " + string.Join(", ", HardwareProfiles.All.Select(p => $"{p.Name} ({p.Description})")) + ".",
            DefaultValueFactory = _ => HardwareProfiles.DefaultName,
        };
        var format = new Option<string>("--format", "-f") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the JSON to this file instead of the console." };
        profile.AcceptOnlyFromAmong([.. HardwareProfiles.All.Select(p => p.Name)]);
        format.AcceptOnlyFromAmong("table", "json");
        CliOptions.Validate(batch, value => value < 1 ? "--batch must be 1 or more." : null);
        dims.Validators.Add(r =>
        {
            foreach (var dim in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TryParseDimension(dim, out _, out _))
                {
                    r.AddError($"--dim '{dim}' is not name=value with a positive integer value.");
                }
            }
        });

        var command = new Command("inspect", "Inspect an ONNX model without loading its weights: parameters, data types, operators, FLOPs and bytes per inference, and modelled joules per inference on a hardware profile.")
        {
            model, batch, dims, profile, format, output,
        };
        command.SetAction((parse, _) => CommandGuard.Run(() =>
        {
            var dimensions = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var dim in parse.GetValue(dims) ?? [])
            {
                TryParseDimension(dim, out var name, out var value);
                dimensions[name] = value;
            }

            var inspection = ModelInspector.Inspect(parse.GetValue(model)!.FullName, new InspectionOptions
            {
                BatchSize = parse.GetValue(batch),
                Dimensions = dimensions,
                Profile = HardwareProfiles.Get(parse.GetValue(profile)!),
            });
            if (parse.GetValue(format) == "json")
            {
                var json = ModelInspectionJson.ToJson(inspection);
                if (parse.GetValue(output) is { } file)
                {
                    File.WriteAllText(file.FullName, json);
                    console.MarkupLineInterpolated($"Inspection written to [bold]{file.FullName}[/]");
                }
                else
                {
                    console.Profile.Out.Writer.WriteLine(json);
                }
            }
            else
            {
                InspectionRenderer.Render(console, inspection);
            }

            return 0;
        }));
        return command;
    }

    public static Command Quantize(IAnsiConsole console)
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

    private static bool TryParseDimension(string text, out string name, out long value)
    {
        var equals = text.IndexOf('=');
        name = equals > 0 ? text.Substring(0, equals) : "";
        value = 0;
        return equals > 0 && long.TryParse(text.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
