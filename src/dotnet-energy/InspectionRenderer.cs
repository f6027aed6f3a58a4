using System.Globalization;
using System.Linq;
using EfficiencyKit.Onnx.Inspection;
using EfficiencyKit.Onnx.Quantization;
using Spectre.Console;

namespace EfficiencyKit.Cli;

/// <summary>Console tables for model inspections and quantization reports.</summary>
internal static class InspectionRenderer
{
    private const int TopOperators = 12;

    public static void Render(IAnsiConsole console, ModelInspection inspection)
    {
        console.MarkupLineInterpolated($"[bold]{inspection.Path}[/] ({Bytes(inspection.FileBytes)}{(inspection.ExternalDataBytes > 0 ? $" + {Bytes(inspection.ExternalDataBytes)} external data" : "")})");
        console.MarkupLineInterpolated($"IR {inspection.IrVersion}, opsets {string.Join(", ", inspection.Opsets.Select(o => $"{(o.Domain.Length == 0 ? "ai.onnx" : o.Domain)} {o.Version}"))}{(inspection.Producer is { } p ? $", produced by {p}" : "")}");
        foreach (var value in inspection.Inputs)
        {
            console.MarkupLineInterpolated($"  input  {value.Name}: {value.ElementType}[[{string.Join(",", value.Shape)}]]");
        }

        foreach (var value in inspection.Outputs)
        {
            console.MarkupLineInterpolated($"  output {value.Name}: {value.ElementType}[[{string.Join(",", value.Shape)}]]");
        }

        console.MarkupLineInterpolated($"Parameters [bold]{inspection.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}[/], stored tensors {Bytes(inspection.WeightBytes)}, {inspection.NodeCount} nodes");
        var types = new Table().Border(TableBorder.Rounded).AddColumn("Data type").AddColumn(new TableColumn("Tensors").RightAligned()).AddColumn(new TableColumn("Elements").RightAligned()).AddColumn(new TableColumn("Bytes").RightAligned());
        foreach (var share in inspection.DataTypes)
        {
            types.AddRow(share.DataType, share.Tensors.ToString(CultureInfo.InvariantCulture), share.Elements.ToString("N0", CultureInfo.InvariantCulture), Bytes(share.Bytes));
        }

        console.Write(types);
        var ops = new Table().Border(TableBorder.Rounded).AddColumn("Operator").AddColumn(new TableColumn("Nodes").RightAligned()).AddColumn("Cost model");
        foreach (var op in inspection.Operators.Take(TopOperators))
        {
            ops.AddRow(Markup.Escape(op.Operator), op.Count.ToString(CultureInfo.InvariantCulture), op.HasCostModel ? "yes" : "[yellow]no[/]");
        }

        if (inspection.Operators.Count > TopOperators)
        {
            ops.AddRow($"… {inspection.Operators.Count - TopOperators} more", "", "");
        }

        console.Write(ops);
        var cost = inspection.Cost;
        var dims = string.Join(", ", cost.Dimensions.Select(d => $"{d.Key}={d.Value}"));
        console.MarkupLineInterpolated($"Per inference (batch {cost.BatchSize}{(dims.Length > 0 ? $"; {dims}" : "")}): [bold]{Count(cost.Operations)}[/] operations ({string.Join(", ", cost.OperationsByPrecision.Select(p => $"{p.Key} {Count(p.Value)}"))}), {Bytes(cost.BytesMoved)} moved");
        var energy = inspection.Energy;
        console.MarkupLineInterpolated($"Energy per inference: [bold]{Joules(energy.Joules)}[/] (range {Joules(energy.MinJoules)} – {Joules(energy.MaxJoules)}), {energy.Seconds * 1e3:F3} ms — [yellow]modelled[/], not measured: {energy.Basis}");
        if (!cost.IsComplete)
        {
            console.MarkupLineInterpolated($"[yellow]Lower bounds:[/] {cost.UnknownNodes.Count} node(s) have no cost estimate:");
            foreach (var node in cost.UnknownNodes.Take(10))
            {
                console.MarkupLineInterpolated($"  {node.Node} ({node.Operator}): {node.Reason}");
            }

            if (cost.UnresolvedDimensions.Count > 0)
            {
                console.MarkupLineInterpolated($"  Give the symbolic dimensions values, e.g. {string.Join(" ", cost.UnresolvedDimensions.Select(d => $"--dim {d}=N"))}");
            }
        }
    }

    public static void Render(IAnsiConsole console, QuantizationReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Tensor").AddColumn(new TableColumn("Before").RightAligned()).AddColumn(new TableColumn("After").RightAligned()).AddColumn(new TableColumn("Max abs error").RightAligned());
        foreach (var tensor in report.Tensors)
        {
            table.AddRow(Markup.Escape(tensor.Name), Bytes(tensor.BytesBefore), Bytes(tensor.BytesAfter), tensor.MaxAbsError.ToString("G3", CultureInfo.InvariantCulture) + (tensor.ClampedValues > 0 ? $" ({tensor.ClampedValues} clamped)" : ""));
        }

        console.Write(table);
        foreach (var node in report.Nodes.Where(n => !n.Rewritten))
        {
            console.MarkupLineInterpolated($"[yellow]skipped[/] {node.Node} ({node.Operator}): {node.Detail}");
        }

        foreach (var warning in report.Warnings)
        {
            StandardError.Warning(warning);
        }

        var target = QuantizationTargets.Name(report.Target);
        console.MarkupLineInterpolated($"Wrote [bold]{report.OutputPath}[/] ({target}): {Bytes(report.BytesBefore)} → {Bytes(report.BytesAfter)} ({report.SizeRatio:P1}), {report.Nodes.Count(n => n.Rewritten)} node(s) rewritten, {report.Nodes.Count(n => !n.Rewritten)} skipped, {report.Tensors.Count} tensor(s) converted.");
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("F2", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("F2", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static string Count(long value) => value switch
    {
        >= 1_000_000_000 => (value / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " G",
        >= 1_000_000 => (value / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " M",
        >= 1_000 => (value / 1e3).ToString("F1", CultureInfo.InvariantCulture) + " k",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string Joules(double joules) => joules switch
    {
        >= 1 => joules.ToString("F2", CultureInfo.InvariantCulture) + " J",
        >= 1e-3 => (joules * 1e3).ToString("F2", CultureInfo.InvariantCulture) + " mJ",
        _ => (joules * 1e6).ToString("F2", CultureInfo.InvariantCulture) + " µJ",
    };
}
