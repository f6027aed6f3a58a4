using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using EfficiencyKit.Profiler.Analysis;
using EfficiencyKit.Profiler.Collection;
using EfficiencyKit.Profiler.Reports;
using Spectre.Console;

namespace EfficiencyKit.Cli;

/// <summary>Shows a report as a console table, or writes it as JSON, speedscope or HTML.</summary>
internal static class ReportRenderer
{
    private const int TopCallSites = 15;

    public static void Render(IAnsiConsole console, EnergyReport report, IReadOnlyList<WeightedStack>? stacks, string format, FileInfo? output, string? collectionDirectory, HtmlReportOptions html)
    {
        switch (format)
        {
            case "json":
                var jsonPath = output?.FullName ?? Path.Combine(collectionDirectory ?? ".", CollectionFiles.Report);
                EnergyReportJson.Write(report, jsonPath);
                console.MarkupLineInterpolated($"Report written to [bold]{jsonPath}[/]");
                break;
            case "speedscope":
                if (stacks is null)
                {
                    throw new EfficiencyKit.Profiler.ProfilerException(EfficiencyKit.Profiler.ProfilerErrorKind.Usage, "A speedscope file needs the stacks: give the collection folder (not report.json) to 'dotnet-energy report'.");
                }

                var speedscopePath = output?.FullName ?? Path.Combine(collectionDirectory ?? ".", "energy.speedscope.json");
                using (var stream = File.Create(speedscopePath))
                {
                    SpeedscopeWriter.Write(report, stacks, stream);
                }

                console.MarkupLineInterpolated($"Flame graph written to [bold]{speedscopePath}[/] (open it at speedscope.app; widths are millijoules)");
                break;
            case "html":
                var htmlPath = output?.FullName ?? Path.Combine(collectionDirectory ?? ".", "energy-report.html");
                using (var writer = new StreamWriter(htmlPath))
                {
                    HtmlReportWriter.Write(report, stacks, html, writer);
                }

                console.MarkupLineInterpolated($"HTML report written to [bold]{htmlPath}[/] (self-contained: open it in any browser, offline)");
                break;
            default:
                WriteTable(console, report);
                break;
        }
    }

    public static void WriteTable(IAnsiConsole console, EnergyReport report)
    {
        var totals = report.Totals;
        console.MarkupLineInterpolated($"[bold]{report.Target.Name}[/] (pid {report.Target.ProcessId}){(report.Target.Outcome is { } outcome ? ", " + outcome : string.Empty)}, {report.DurationSeconds:F1} s, {totals.ProcessCpuSeconds:F2} CPU s");
        console.MarkupLineInterpolated($"Energy is [bold]{report.EnergyOrigin.ToUpperInvariant()}[/]:");
        foreach (var source in report.Sources)
        {
            console.MarkupLineInterpolated($"  {source.Kind} ({source.Origin}): {source.Scope}; uncertainty {source.Uncertainty}");
        }

        foreach (var note in report.Notes)
        {
            console.MarkupLineInterpolated($"  [yellow]note:[/] {note}");
        }

        console.MarkupLineInterpolated($"Process {EnergyFormat.Joules(totals.ProcessJoules)} of the machine's {EnergyFormat.Joules(totals.MachineJoules)}: attributed {EnergyFormat.Joules(totals.AttributedJoules)}, unattributed {EnergyFormat.Joules(totals.UnattributedJoules)}, profiler overhead {EnergyFormat.Joules(totals.OverheadJoules)}.");
        if (totals.GpuJoules > 0)
        {
            console.MarkupLineInterpolated($"GPU {EnergyFormat.Joules(totals.GpuJoules)} (measured per device; not split across call sites).");
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#").AddColumn("Call site").AddColumn("Location")
            .AddColumn(new TableColumn("Energy").RightAligned()).AddColumn(new TableColumn("%").RightAligned())
            .AddColumn(new TableColumn("CPU s").RightAligned()).AddColumn(new TableColumn("Samples").RightAligned()).AddColumn(new TableColumn("±").RightAligned());
        var rank = 0;
        foreach (var site in report.CallSites.Where(s => s.IsUserCode).Take(TopCallSites))
        {
            rank++;
            var location = EnergyFormat.Location(site.File, site.Line);
            table.AddRow(
                rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(EnergyFormat.ShortMethod(site.Method)),
                Markup.Escape(location),
                EnergyFormat.Joules(site.Joules),
                site.Percent.ToString("F1", CultureInfo.InvariantCulture),
                site.CpuSeconds.ToString("F3", CultureInfo.InvariantCulture),
                site.Samples.ToString(CultureInfo.InvariantCulture),
                site.SamplingUncertainty is { } uncertainty ? uncertainty.ToString("P0", CultureInfo.InvariantCulture) : "-");
        }

        // Stacks with no user frame (runtime start-up, thread-pool plumbing): one row here, separate in the JSON report.
        var framework = report.CallSites.Where(s => !s.IsUserCode).ToList();
        if (framework.Count > 0)
        {
            var joules = framework.Sum(s => s.Joules);
            table.AddRow(
                string.Empty,
                $"[grey]framework code outside any user call site ({framework.Count} stacks)[/]",
                "[grey]-[/]",
                EnergyFormat.Joules(joules),
                (100 * joules / Math.Max(totals.ProcessJoules, double.Epsilon)).ToString("F1", CultureInfo.InvariantCulture),
                framework.Sum(s => s.CpuSeconds).ToString("F3", CultureInfo.InvariantCulture),
                framework.Sum(s => s.Samples).ToString(CultureInfo.InvariantCulture),
                string.Empty);
        }

        foreach (var bucket in report.Buckets.Where(b => b.Joules > 0))
        {
            table.AddRow(
                string.Empty,
                $"[grey]{Markup.Escape(bucket.Name)}[/]",
                $"[grey]{Markup.Escape(bucket.Kind)}[/]",
                EnergyFormat.Joules(bucket.Joules),
                (100 * bucket.Joules / Math.Max(totals.ProcessJoules, double.Epsilon)).ToString("F1", CultureInfo.InvariantCulture),
                bucket.CpuSeconds.ToString("F3", CultureInfo.InvariantCulture),
                string.Empty,
                string.Empty);
        }

        console.Write(table);
        WriteLocalInference(console, report);
        WriteRemoteCalls(console, report);
        var conservation = report.Conservation;
        console.MarkupLineInterpolated($"Parts add up to the whole within {conservation.RelativeError:P2}{(conservation.WithinOnePercent ? string.Empty : " [red](more than 1%)[/]")}; {report.Sampling.StackSamples} stack samples, {report.Sampling.EventsLost} events lost.");
        console.MarkupLine(Markup.Escape(SamplingCost(report)));
    }

    /// <summary>What the profile cost and what its samples support: the report states its own cost.</summary>
    internal static string SamplingCost(EnergyReport report)
    {
        var sampling = report.Sampling;
        var interval = sampling.SamplingIntervalMilliseconds > 0
            ? string.Format(CultureInfo.InvariantCulture, "every {0:0.#} ms", sampling.SamplingIntervalMilliseconds)
            : "at an unrecorded interval";
        var overhead = report.Totals.ProcessJoules > 0 ? report.Totals.OverheadJoules / report.Totals.ProcessJoules : 0;
        var share = sampling.SampledTimeShare < 1
            ? string.Format(CultureInfo.InvariantCulture, " in {0} windows covering {1:P0} of the run (to keep the sampler's cost within budget; the time between windows is billed from the nearest one)", sampling.SamplingWindows, sampling.SampledTimeShare)
            : string.Empty;
        return string.Format(
            CultureInfo.InvariantCulture,
            "Sampling {0}{1}, {2} managed threads walked at each sample (idle ones too); the sampler's own cost, {3:P1} of the process's energy, is the overhead row. ±: the uncertainty a site's sample count supports, 1/√samples (±29% at 12 samples, ±0.9% at 12,000).",
            interval,
            share,
            sampling.ThreadsSampled,
            overhead);
    }

    private static void WriteLocalInference(IAnsiConsole console, EnergyReport report)
    {
        if (report.LocalInference.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"Local inference scopes ({report.EnergyOrigin}, included above)")
            .AddColumn("Model").AddColumn("Location").AddColumn(new TableColumn("Scopes").RightAligned()).AddColumn(new TableColumn("Rows").RightAligned())
            .AddColumn(new TableColumn("Energy").RightAligned()).AddColumn(new TableColumn("Per row").RightAligned());
        foreach (var local in report.LocalInference)
        {
            table.AddRow(
                Markup.Escape(local.Model),
                Markup.Escape(EnergyFormat.Location(local.File, local.Line)),
                local.Scopes.ToString(CultureInfo.InvariantCulture),
                local.Rows.ToString(CultureInfo.InvariantCulture),
                EnergyFormat.Joules(local.Joules),
                EnergyFormat.Joules(local.JoulesPerRow));
        }

        console.Write(table);
    }

    private static void WriteRemoteCalls(IAnsiConsole console, EnergyReport report)
    {
        if (report.RemoteCalls.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Remote AI calls (MODELLED from tokens, spent at the provider, not in the process's joules)")
            .AddColumn("Call site").AddColumn("Location").AddColumn("Model").AddColumn(new TableColumn("Calls").RightAligned())
            .AddColumn(new TableColumn("Tokens in/out").RightAligned()).AddColumn(new TableColumn("Energy (min-max)").RightAligned());
        foreach (var remote in report.RemoteCalls)
        {
            table.AddRow(
                Markup.Escape(remote.Method is null ? "?" : EnergyFormat.ShortMethod(remote.Method)),
                Markup.Escape(EnergyFormat.Location(remote.File, remote.Line)),
                Markup.Escape($"{remote.Model} ({remote.Kind})"),
                remote.Calls?.ToString(CultureInfo.InvariantCulture) ?? "?",
                $"{remote.InputTokens.ToString(CultureInfo.InvariantCulture)} / {remote.OutputTokens.ToString(CultureInfo.InvariantCulture)}",
                remote.MinJoules is { } min && remote.MaxJoules is { } max ? $"{EnergyFormat.Joules(min)} - {EnergyFormat.Joules(max)}" : "[grey]unknown[/]");
        }

        console.Write(table);
        foreach (var reason in report.RemoteCalls.Where(r => r.MinJoules is null).Select(r => r.Basis).Distinct())
        {
            console.MarkupLineInterpolated($"  [grey]unknown: {reason}[/]");
        }

        if (report.Remote is { } totals)
        {
            console.MarkupLineInterpolated($"Remote: {totals.Calls} calls, {totals.EstimatedCalls} estimated, {EnergyFormat.Joules(totals.MinJoules)} - {EnergyFormat.Joules(totals.MaxJoules)} ({totals.Method}).");
        }
    }

}
