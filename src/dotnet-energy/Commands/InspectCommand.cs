using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using EfficiencyKit.Energy.Hardware;
using EfficiencyKit.Onnx.Inspection;
using Spectre.Console;

namespace EfficiencyKit.Cli.Commands;

/// <summary>'inspect': a thin command over EfficiencyKit.Onnx's model inspection.</summary>
internal static class InspectCommand
{
    public static Command Create(IAnsiConsole console)
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

    private static bool TryParseDimension(string text, out string name, out long value)
    {
        var equals = text.IndexOf('=');
        name = equals > 0 ? text.Substring(0, equals) : "";
        value = 0;
        return equals > 0 && long.TryParse(text.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
    }
}
