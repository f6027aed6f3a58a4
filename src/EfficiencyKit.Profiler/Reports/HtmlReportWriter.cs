using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using EfficiencyKit.Profiler.Analysis;

namespace EfficiencyKit.Profiler.Reports;

/// <summary>
/// Writes a report as one self-contained HTML file (inline CSS, inline script, inline SVG; it fetches nothing):
/// the energy summary by source with carbon and SCI, the top call sites, a joules-weighted flame graph (drawn by the
/// page's script from the embedded stacks) and per-model charts of remote tokens and energy and local inference.
/// The style sheet and script are Reports/Html/report.css and report.js (embedded resources); the carbon and SCI figures
/// are computed by <see cref="CarbonEstimate"/> and <see cref="SciScore"/>, and only formatted here.
/// </summary>
public static class HtmlReportWriter
{
    private const int TopCallSites = 20;

    /// <summary>Flame-graph nodes below this share of the total are left out: they would be under a pixel wide.</summary>
    private const double MinimumFlameShare = 0.0005;

    /// <summary>The page's style sheet, inlined into every page.</summary>
    private static readonly string Style = Resource("report.css");

    /// <summary>The flame graph's script: lays the embedded tree out as an icicle, one row per depth, widths proportional to joules.</summary>
    private static readonly string FlameScript = Resource("report.js");

    public static void Write(EnergyReport report, IReadOnlyList<WeightedStack>? stacks, HtmlReportOptions options, TextWriter writer)
    {
        var html = new HtmlBuilder(writer);
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Raw("<title>").Text($"Energy report: {report.Target.Name}").Raw("</title><style>").Raw(Style).Raw("</style></head><body>");
        WriteHeader(html, report);
        WriteSummary(html, report, options);
        WriteCallSites(html, report);
        WriteFlameGraph(html, report, stacks);
        WriteModels(html, report);
        WriteNotes(html, report);
        html.Raw("</body></html>\n");
    }

    private static void WriteHeader(HtmlBuilder html, EnergyReport report)
    {
        html.Raw("<header><h1>").Text(report.Target.Name).Raw(" <small>pid ").Text(Invariant(report.Target.ProcessId)).Raw("</small></h1>");
        if (report.Target.Outcome is { } outcome)
        {
            html.Raw("<p id=\"outcome\" class=\"").Text(report.Target.Failed ? "failed" : "ok").Raw("\">Target ").Text(outcome).Raw("</p>");
        }

        html.Raw("<p>")
            .Text($"{report.StartUtc:yyyy-MM-dd HH:mm:ss} UTC, {report.DurationSeconds.ToString("F1", CultureInfo.InvariantCulture)} s, {report.Totals.ProcessCpuSeconds.ToString("F2", CultureInfo.InvariantCulture)} CPU s, by {report.Tool}.")
            .Raw(" Local energy is <span id=\"origin\" class=\"badge ").Text(report.EnergyOrigin).Raw("\">").Text(report.EnergyOrigin.ToUpperInvariant()).Raw("</span></p><ul class=\"sources\">");
        foreach (var source in report.Sources)
        {
            html.Raw("<li>").Text($"{source.Kind} ({source.Origin.ToString().ToLowerInvariant()}): {source.Scope}; uncertainty {source.Uncertainty}").Raw("</li>");
        }

        html.Raw("</ul></header>");
    }

    private static void WriteSummary(HtmlBuilder html, EnergyReport report, HtmlReportOptions options)
    {
        var totals = report.Totals;
        var carbon = CarbonEstimate.Of(report, options.GridIntensityGramsPerKilowattHour);
        html.Raw("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">");
        Card(html, "card-local", "This process", EnergyFormat.Joules(totals.ProcessJoules), $"{report.EnergyOrigin}; attributed {EnergyFormat.Joules(totals.AttributedJoules)}, profiler overhead {EnergyFormat.Joules(totals.OverheadJoules)}");
        if (report.Remote is { } remote)
        {
            Card(html, "card-remote", "Remote AI calls", $"{EnergyFormat.Joules(remote.MinJoules)} – {EnergyFormat.Joules(remote.MaxJoules)}", $"modelled from tokens: {remote.EstimatedCalls} of {remote.Calls} calls estimated; {remote.Method}");
        }

        if (totals.GpuJoules > 0)
        {
            Card(html, "card-gpu", "GPU", EnergyFormat.Joules(totals.GpuJoules), "measured per device (NVML), not split across call sites");
        }

        var remoteGrams = carbon.RemoteGrams is { } grams ? $" + {EnergyFormat.Grams(grams.Min)} – {EnergyFormat.Grams(grams.Max)} remote" : string.Empty;
        Card(html, "card-carbon", "Carbon", EnergyFormat.Grams(carbon.LocalGrams) + remoteGrams, $"at {carbon.GridIntensityGramsPerKilowattHour.ToString(CultureInfo.InvariantCulture)} gCO2e/kWh (local grid intensity; --grid-intensity changes it)");
        if (options.Unit is { Count: > 0 } unit)
        {
            var sci = SciScore.Of(report, carbon, unit);
            var text = EnergyFormat.Joules(sci.LocalJoulesPerUnit) + (sci.RemoteJoulesPerUnit is { } perUnit ? $" + {EnergyFormat.Joules(perUnit.Min)} – {EnergyFormat.Joules(perUnit.Max)} remote" : string.Empty);
            Card(html, "card-sci", $"Per {unit.Name}", text, $"SCI = E × I / R = {EnergyFormat.Grams(sci.GramsPerUnit)} per {unit.Name} (local; R = {Invariant(unit.Count)} {unit.Name}; embodied emissions M not included)");
        }

        html.Raw("</div></section>");
    }

    private static void Card(HtmlBuilder html, string id, string title, string value, string detail)
        => html.Raw("<div class=\"card\" id=\"").Text(id).Raw("\"><h3>").Text(title).Raw("</h3><p class=\"value\">").Text(value).Raw("</p><p class=\"detail\">").Text(detail).Raw("</p></div>");

    private static void WriteCallSites(HtmlBuilder html, EnergyReport report)
    {
        html.Raw("<section><h2>Top call sites (local ").Text(report.EnergyOrigin).Raw(" joules)</h2><table id=\"call-sites\"><thead><tr><th>#</th><th>Call site</th><th>Location</th><th class=\"n\">Energy</th><th class=\"n\">%</th><th class=\"n\">CPU s</th><th class=\"n\">Samples</th></tr></thead><tbody>");
        var rank = 0;
        foreach (var site in report.CallSites.Where(s => s.IsUserCode).Take(TopCallSites))
        {
            rank++;
            html.Raw("<tr><td>").Text(Invariant(rank)).Raw("</td><td class=\"m\">").Text(EnergyFormat.ShortMethod(site.Method)).Raw("</td><td>").Text(EnergyFormat.Location(site.File, site.Line))
                .Raw("</td><td class=\"n\">").Text(EnergyFormat.Joules(site.Joules)).Raw("</td><td class=\"n\">").Text(site.Percent.ToString("F1", CultureInfo.InvariantCulture))
                .Raw("</td><td class=\"n\">").Text(site.CpuSeconds.ToString("F3", CultureInfo.InvariantCulture)).Raw("</td><td class=\"n\">").Text(Invariant(site.Samples)).Raw("</td></tr>");
        }

        foreach (var bucket in report.Buckets.Where(b => b.Joules > 0))
        {
            html.Raw("<tr class=\"bucket\"><td></td><td>").Text(bucket.Name).Raw("</td><td>").Text(bucket.Kind).Raw("</td><td class=\"n\">").Text(EnergyFormat.Joules(bucket.Joules))
                .Raw("</td><td class=\"n\">").Text((100 * bucket.Joules / Math.Max(report.Totals.ProcessJoules, double.Epsilon)).ToString("F1", CultureInfo.InvariantCulture)).Raw("</td><td class=\"n\">")
                .Text(bucket.CpuSeconds.ToString("F3", CultureInfo.InvariantCulture)).Raw("</td><td></td></tr>");
        }

        html.Raw("</tbody></table></section>");
    }

    private static void WriteFlameGraph(HtmlBuilder html, EnergyReport report, IReadOnlyList<WeightedStack>? stacks)
    {
        html.Raw("<section><h2>Where the joules go (flame graph, width = local joules)</h2>");
        if (stacks is null || stacks.Count == 0)
        {
            html.Raw("<p class=\"note\">No stacks: render from the collection folder, not report.json, to get the flame graph.</p></section>");
            return;
        }

        var root = new FlameNode("all", false) { Joules = stacks.Sum(s => s.Joules) };
        foreach (var stack in stacks)
        {
            var node = root;
            for (var i = stack.Frames.Count - 1; i >= 0; i--)
            {
                var frame = stack.Frames[i];
                var name = EnergyFormat.ShortMethod(frame.Method) + (frame.File is null ? string.Empty : $" ({Path.GetFileName(frame.File)}:{frame.Line})");
                if (!node.Children.TryGetValue(name, out var child))
                {
                    child = new FlameNode(name, frame.IsUserCode);
                    node.Children.Add(name, child);
                }

                child.Joules += stack.Joules;
                node = child;
            }
        }

        html.Raw("<p class=\"note\">").Text($"{EnergyFormat.Joules(root.Joules)} over {Invariant(stacks.Count)} distinct stacks; your code is green, libraries and the runtime grey. Hover for joules.").Raw("</p>");
        html.Raw("<svg id=\"flame\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%\"></svg>");
        html.Raw("<script type=\"application/json\" id=\"flame-data\">").Raw(FlameJson(root)).Raw("</script>");
        html.Raw("<script>").Raw(FlameScript).Raw("</script></section>");
    }

    /// <summary>The tree as JSON ({n: name, j: joules, u: is user code, c: children}); written by hand because stacks nest deeper than the serializer's 64 levels.</summary>
    private static string FlameJson(FlameNode root)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = 4096 }))
        {
            void Node(FlameNode node)
            {
                json.WriteStartObject();
                json.WriteString("n", node.Name);
                json.WriteNumber("j", node.Joules);
                json.WriteBoolean("u", node.IsUser);
                json.WriteStartArray("c");
                foreach (var child in node.Children.Values.Where(c => c.Joules >= MinimumFlameShare * root.Joules).OrderBy(c => c.Name, StringComparer.Ordinal))
                {
                    Node(child);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            Node(root);
        }

        // The default encoder escapes '<', so no "</script>" can end the element early.
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteModels(HtmlBuilder html, EnergyReport report)
    {
        if (report.RemoteCalls.Count == 0 && report.LocalInference.Count == 0)
        {
            return;
        }

        html.Raw("<section id=\"models\"><h2>Models</h2>");
        var byModel = report.RemoteCalls.GroupBy(r => (r.Model, r.Kind)).Select(g => (
            Name: $"{g.Key.Model} ({g.Key.Kind})",
            Calls: g.Sum(r => r.Calls ?? 0),
            Input: g.Sum(r => r.InputTokens),
            Output: g.Sum(r => r.OutputTokens),
            Min: g.All(r => r.MinJoules is null) ? (double?)null : g.Sum(r => r.MinJoules ?? 0),
            Max: g.All(r => r.MaxJoules is null) ? (double?)null : g.Sum(r => r.MaxJoules ?? 0))).ToList();
        if (byModel.Count > 0)
        {
            html.Raw("<h3>Remote: tokens and energy per model (modelled from tokens)</h3>");
            var maxJoules = byModel.Max(m => m.Max ?? 0);
            var maxTokens = Math.Max(1, byModel.Max(m => m.Input + m.Output));
            const int Row = 34;
            html.Raw($"<svg class=\"chart\" id=\"model-chart\" viewBox=\"0 0 900 {(byModel.Count * Row) + 24}\" width=\"900\" height=\"{(byModel.Count * Row) + 24}\">");
            html.Raw("<text x=\"270\" y=\"14\" class=\"axis\">tokens in / out</text><text x=\"590\" y=\"14\" class=\"axis\">energy min–max</text>");
            for (var i = 0; i < byModel.Count; i++)
            {
                var m = byModel[i];
                var y = 24 + (i * Row);
                html.Raw($"<text x=\"0\" y=\"{y + 15}\" class=\"label\">").Text(m.Name).Raw("</text>");
                var inWidth = 280.0 * m.Input / maxTokens;
                var outWidth = 280.0 * m.Output / maxTokens;
                html.Raw(Invariant($"<rect class=\"tokens-in\" x=\"270\" y=\"{y}\" width=\"{inWidth:F1}\" height=\"10\"><title>{m.Input} input tokens</title></rect>"));
                html.Raw(Invariant($"<rect class=\"tokens-out\" x=\"270\" y=\"{y + 11}\" width=\"{outWidth:F1}\" height=\"10\"><title>{m.Output} output tokens</title></rect>"));
                if (m.Min is { } min && m.Max is { } max && maxJoules > 0)
                {
                    var x0 = 590 + (250 * min / maxJoules);
                    var x1 = 590 + (250 * max / maxJoules);
                    html.Raw(Invariant($"<rect class=\"energy\" x=\"590\" y=\"{y + 3}\" width=\"{x0 - 590:F1}\" height=\"14\"></rect><rect class=\"energy-range\" x=\"{x0:F1}\" y=\"{y + 3}\" width=\"{Math.Max(1, x1 - x0):F1}\" height=\"14\"><title>"))
                        .Text($"{EnergyFormat.Joules(min)} – {EnergyFormat.Joules(max)}").Raw("</title></rect>")
                        .Raw(Invariant($"<text x=\"{x1 + 4:F1}\" y=\"{y + 15}\" class=\"label\">")).Text(EnergyFormat.Joules(max)).Raw("</text>");
                }
                else
                {
                    html.Raw($"<text x=\"590\" y=\"{y + 15}\" class=\"label unknown\">energy unknown</text>");
                }
            }

            html.Raw("</svg>");
            WriteRemoteTable(html, report);
        }

        if (report.LocalInference.Count > 0)
        {
            html.Raw("<h3>Local inference (").Text(report.EnergyOrigin).Raw(" CPU joules inside EnergyScope)</h3><table id=\"local-inference\"><thead><tr><th>Model</th><th>Location</th><th class=\"n\">Scopes</th><th class=\"n\">Rows</th><th class=\"n\">Energy</th><th class=\"n\">Per row</th></tr></thead><tbody>");
            foreach (var local in report.LocalInference)
            {
                html.Raw("<tr><td>").Text(local.Model).Raw("</td><td>").Text(EnergyFormat.Location(local.File, local.Line)).Raw("</td><td class=\"n\">").Text(Invariant(local.Scopes))
                    .Raw("</td><td class=\"n\">").Text(Invariant(local.Rows)).Raw("</td><td class=\"n\">").Text(EnergyFormat.Joules(local.Joules))
                    .Raw("</td><td class=\"n\">").Text(EnergyFormat.Joules(local.JoulesPerRow)).Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section>");
    }

    private static void WriteRemoteTable(HtmlBuilder html, EnergyReport report)
    {
        html.Raw("<table id=\"remote-calls\"><thead><tr><th>Call site</th><th>Location</th><th>Model</th><th class=\"n\">Calls</th><th class=\"n\">Items</th><th class=\"n\">Tokens in / out</th><th class=\"n\">Energy (min – max)</th></tr></thead><tbody>");
        foreach (var remote in report.RemoteCalls)
        {
            html.Raw("<tr><td class=\"m\">").Text(remote.Method is null ? "?" : EnergyFormat.ShortMethod(remote.Method)).Raw("</td><td>").Text(EnergyFormat.Location(remote.File, remote.Line))
                .Raw("</td><td>").Text($"{remote.Model} ({remote.Kind})").Raw("</td><td class=\"n\">").Text(remote.Calls is { } calls ? Invariant(calls) : "?")
                .Raw("</td><td class=\"n\">").Text(Invariant(remote.Items)).Raw("</td><td class=\"n\">").Text($"{Invariant(remote.InputTokens)} / {Invariant(remote.OutputTokens)}")
                .Raw("</td><td class=\"n\" title=\"").Text(remote.Basis).Raw("\">")
                .Text(remote.MinJoules is { } min && remote.MaxJoules is { } max ? $"{EnergyFormat.Joules(min)} – {EnergyFormat.Joules(max)}" : "unknown").Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void WriteNotes(HtmlBuilder html, EnergyReport report)
    {
        var conservation = report.Conservation;
        html.Raw("<section><h2>Notes</h2><ul>");
        html.Raw("<li>").Text($"The parts add up to the process total within {conservation.RelativeError.ToString("P2", CultureInfo.InvariantCulture)}; {Invariant(report.Sampling.StackSamples)} stack samples, {Invariant(report.Sampling.EventsLost)} events lost.").Raw("</li>");
        if (report.Sampling.SampledTimeShare < 1)
        {
            html.Raw("<li>").Text($"Stacks were sampled in {Invariant(report.Sampling.SamplingWindows)} windows covering {report.Sampling.SampledTimeShare.ToString("P0", CultureInfo.InvariantCulture)} of the run, to keep the sampler's cost within budget; the time between windows is billed from the nearest window.").Raw("</li>");
        }

        foreach (var note in report.Notes)
        {
            html.Raw("<li>").Text(note).Raw("</li>");
        }

        foreach (var reason in report.RemoteCalls.Where(r => r.MinJoules is null).Select(r => r.Basis).Distinct(StringComparer.Ordinal))
        {
            html.Raw("<li>").Text("Remote energy " + reason).Raw("</li>");
        }

        html.Raw("</ul></section>");
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// An asset embedded from Reports/Html, read once. Its final newline (the editor adds one) is dropped, so the page
    /// is byte for byte what it was when the assets were C# string literals.
    /// </summary>
    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream($"EfficiencyKit.Profiler.Reports.Html.{name}")
            ?? throw new InvalidOperationException($"The HTML report's embedded resource '{name}' is missing from {typeof(HtmlReportWriter).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().TrimEnd('\n');
    }



    /// <summary>Writes HTML, escaping text.</summary>
    private sealed class HtmlBuilder(TextWriter writer)
    {
        public HtmlBuilder Raw(string html)
        {
            writer.Write(html);
            return this;
        }

        public HtmlBuilder Text(string text)
        {
            writer.Write(WebUtility.HtmlEncode(text));
            return this;
        }
    }
}
