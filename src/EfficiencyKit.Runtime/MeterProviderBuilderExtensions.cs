using System;
using OpenTelemetry.Metrics;

namespace EfficiencyKit.Runtime;

/// <summary>OpenTelemetry registration.</summary>
public static class MeterProviderBuilderExtensions
{
    /// <summary>Collects the <see cref="AiMetrics"/> instruments: <c>builder.AddEfficiencyKitInstrumentation().AddOtlpExporter()</c>.</summary>
    public static MeterProviderBuilder AddEfficiencyKitInstrumentation(this MeterProviderBuilder builder)
        => (builder ?? throw new ArgumentNullException(nameof(builder))).AddMeter(AiMetrics.MeterName);
}
