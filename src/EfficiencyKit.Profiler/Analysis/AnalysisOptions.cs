using System;
using System.Collections.Generic;
using EfficiencyKit.Energy.Llm;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>How samples become call sites.</summary>
public sealed record AnalysisOptions
{
    /// <summary>
    /// Method-name prefixes of the user's own helpers whose cost belongs to their callers (e.g.
    /// <c>MyCompany.Ai.OnnxHelper.</c>): they roll up like library frames.
    /// </summary>
    public IReadOnlyList<string> RollUpMethodPrefixes { get; init; } = [];

    /// <summary>
    /// Methods inside which a managed thread is waiting on native worker threads (ONNX Runtime's intra-op pool):
    /// native CPU at that time is billed to the callers inside them.
    /// </summary>
    public IReadOnlyList<string> NativeBoundaryMethodPrefixes { get; init; } =
    [
        "Microsoft.ML.OnnxRuntime.InferenceSession.Run",
        "Microsoft.ML.OnnxRuntime.NativeMethods.OrtRun",
    ];

    /// <summary>Windows over which machine energy is split between processes (sub-windows are the poll interval).</summary>
    public TimeSpan EnergyWindow { get; init; } = TimeSpan.FromSeconds(1);

    public string ToolName { get; init; } = "dotnet-energy";

    /// <summary>Turns the tokens of remote calls into joules (default: EcoLogits method, output tokens only, PUE 1.2).</summary>
    public LlmEnergyModel RemoteEnergyModel { get; init; } = new();
}
