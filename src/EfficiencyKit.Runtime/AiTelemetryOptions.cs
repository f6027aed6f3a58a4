using EfficiencyKit.Energy.Llm;

namespace EfficiencyKit.Runtime;

/// <summary>Process-wide settings of the runtime instrumentation (<see cref="AiTelemetry.Options"/>).</summary>
public sealed class AiTelemetryOptions
{
    /// <summary>
    /// Add the call site (<c>code.file.path</c>, <c>code.line.number</c>) to metric attributes. One series per call
    /// site: low cardinality in an app, but turn it off where a backend charges per series. Default: on.
    /// </summary>
    public bool IncludeCallSite { get; set; } = true;

    /// <summary>
    /// For wrapped clients, which get no caller information, find the call site by walking the stack (the first frame
    /// outside EfficiencyKit, Microsoft.Extensions.AI, OpenAI, System.ClientModel and the BCL) while a metric listener is
    /// on. A walk costs tens of microseconds, small next to a remote call, but it is a cost, so it is off by default.
    /// dotnet-energy needs none of this: it takes the call site from the event's stack.
    /// </summary>
    public bool CaptureCallSiteFromStackTrace { get; set; }

    /// <summary>The model that turns tokens into joules for the energy histogram (default: EcoLogits method, PUE 1.2, output tokens only).</summary>
    public LlmEnergyModel EnergyModel { get; set; } = new();
}
