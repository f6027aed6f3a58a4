using System;
using System.Runtime.CompilerServices;
using System.Threading;
using EfficiencyKit.Energy;

namespace EfficiencyKit.Runtime;

/// <summary>
/// Marks a block of local inference as one operation: <c>using (EnergyScope.Inference("intent-model", batch.Count)) { session.Run(…); }</c>.
/// The call site comes from caller information, so events and metrics name the line of the <c>using</c>.
/// dotnet-energy bills the CPU of the block (native ONNX Runtime threads included) to that line. For metrics the
/// scope estimates its energy itself: the process's CPU time during the block times the power model's dynamic watts
/// per busy vCPU (Cloud Carbon Footprint averages, ±50%); scopes that overlap in time each include the others' CPU,
/// so under concurrency use the profiler's figures. With no listener the scope is a shared no-op instance and
/// allocates nothing.
/// </summary>
public sealed class EnergyScope : IDisposable
{
    private static readonly EnergyScope s_untracked = new(default, null);

    private readonly AiOperation _operation;
    private readonly TimeSpan? _processorTimeAtStart;
    private string? _errorType;
    private int _stopped;

    private EnergyScope(AiOperation operation, TimeSpan? processorTimeAtStart)
    {
        _operation = operation;
        _processorTimeAtStart = processorTimeAtStart;
    }

    /// <summary>Starts a local inference scope.</summary>
    /// <param name="modelId">The model's name as reports should show it (a file name or a logical name).</param>
    /// <param name="batchSize">Rows in the batch this block evaluates.</param>
    /// <param name="provider">The runtime (default "onnxruntime").</param>
    /// <param name="callerFile">Filled in by the compiler.</param>
    /// <param name="callerLine">Filled in by the compiler.</param>
    public static EnergyScope Inference(
        string modelId,
        int batchSize = 1,
        string provider = "onnxruntime",
        [CallerFilePath] string callerFile = "",
        [CallerLineNumber] int callerLine = 0)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch has at least one row.");
        }

        var operation = AiTelemetry.Start(AiOperationKind.Inference, provider, modelId, batchSize, callerFile.Length == 0 ? null : callerFile, callerLine);
        // The CPU clock is only read when a metric listener will receive the energy; events carry no joules.
        return operation.IsTracked ? new EnergyScope(operation, AiMetrics.AnyEnabled ? ProcessorTime() : null) : s_untracked;
    }

    /// <summary>Marks the scope as failed (the Stop event and the metrics carry <c>error.type</c>).</summary>
    public void Fail(Exception exception) => _errorType = (exception ?? throw new ArgumentNullException(nameof(exception))).GetType().FullName;

    /// <summary>Ends the scope (once; later calls do nothing).</summary>
    public void Dispose()
    {
        if (!_operation.IsTracked || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        EnergyRange? energy = null;
        if (_processorTimeAtStart is { } start)
        {
            var cpuSeconds = (ProcessorTime() - start).TotalSeconds;
            var model = PowerModelConstants.CloudCarbonFootprint;
            var joules = cpuSeconds * (model.MaxWattsPerVcpu - model.IdleWattsPerVcpu) * model.PowerUsageEffectiveness;
            var uncertainty = PowerModelConstants.Uncertainty.Relative ?? 0.5;
            energy = new EnergyRange(joules * (1 - uncertainty), joules * (1 + uncertainty), "power-model");
        }

        AiTelemetry.Stop(_operation, AiTokenUsage.None, errorType: _errorType, energy: energy);
    }

    private static TimeSpan ProcessorTime() => CurrentProcessCpu.Now();
}
