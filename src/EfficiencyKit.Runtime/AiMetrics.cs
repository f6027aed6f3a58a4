using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace EfficiencyKit.Runtime;

/// <summary>
/// The <c>EfficiencyKit.AI</c> meter. Two instruments follow the OpenTelemetry GenAI semantic conventions (names,
/// units, attributes and bucket advice as in gen-ai-metrics.md): <c>gen_ai.client.token.usage</c> and
/// <c>gen_ai.client.operation.duration</c>. The third is ours, because the conventions have no operation energy:
/// <c>efficiencykit.operation.energy</c>, a histogram in joules recorded twice per estimated operation, with
/// <c>efficiencykit.energy.bound</c> "min" and "max" (sums per bound are the fleet's range), plus
/// <c>efficiencykit.energy.origin</c> ("modelled") and <c>efficiencykit.energy.method</c>.
/// </summary>
public static class AiMetrics
{
    /// <summary>The meter's name, for <c>AddMeter</c> or a <see cref="MeterListener"/>.</summary>
    public const string MeterName = "EfficiencyKit.AI";

    private static readonly Meter s_meter = new(MeterName, typeof(AiMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    private static readonly Histogram<long> s_tokenUsage = s_meter.CreateHistogram(
        "gen_ai.client.token.usage",
        "{token}",
        "Number of input and output tokens used.",
        tags: null,
        new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });

    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram(
        "gen_ai.client.operation.duration",
        "s",
        "GenAI operation duration.",
        tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

    // Powers of four from 1 mJ: an embedding batch on a small model is millijoules, a long reasoning answer kilojoules.
    private static readonly Histogram<double> s_energy = s_meter.CreateHistogram(
        "efficiencykit.operation.energy",
        "J",
        "Estimated energy of an AI operation (modelled, never measured): recorded once as the range's low end and once as its high end.",
        tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.004, 0.016, 0.064, 0.256, 1.024, 4.096, 16.384, 65.536, 262.144, 1048.576, 4194.304, 16777.216] });

    internal static bool AnyEnabled => s_tokenUsage.Enabled || s_duration.Enabled || s_energy.Enabled;

    internal static void Record(in AiOperation operation, AiTokenUsage usage, string? responseModel, string? errorType, double seconds, EnergyRange? energy)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", operation.Kind.Name() },
            { "gen_ai.provider.name", operation.Provider },
            { "gen_ai.request.model", operation.RequestModel },
        };
        if (responseModel is not null)
        {
            tags.Add("gen_ai.response.model", responseModel);
        }

        if (AiTelemetry.Options.IncludeCallSite && operation.CallerFile is not null)
        {
            tags.Add("code.file.path", operation.CallerFile);
            tags.Add("code.line.number", operation.CallerLine);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        s_duration.Record(seconds, tags);
        if (errorType is null)
        {
            RecordTokens(usage.InputTokens, "input", tags);
            RecordTokens(usage.OutputTokens, "output", tags);
        }

        if (energy is { } range)
        {
            var energyTags = tags;
            energyTags.Add("efficiencykit.energy.origin", "modelled");
            energyTags.Add("efficiencykit.energy.method", range.Method);
            var low = energyTags;
            low.Add("efficiencykit.energy.bound", "min");
            s_energy.Record(range.MinJoules, low);
            var high = energyTags;
            high.Add("efficiencykit.energy.bound", "max");
            s_energy.Record(range.MaxJoules, high);
        }
    }

    private static void RecordTokens(long? count, string type, TagList tags)
    {
        if (count is { } tokens)
        {
            tags.Add("gen_ai.token.type", type);
            s_tokenUsage.Record(tokens, tags);
        }
    }
}
