using System;
using System.Collections.Generic;
using System.Linq;
using EfficiencyKit.Energy.Llm;
using EfficiencyKit.Profiler.Reports;

namespace EfficiencyKit.Profiler.Analysis;

/// <summary>
/// Joins the EfficiencyKit-AI Start and Stop events into operations and reports them: remote calls per call site
/// with their tokens and estimated joules (a separate column from local CPU joules), and local inference scopes with
/// the CPU joules billed to their thread while they were open. Without events, call sites whose samples ran inside
/// an AI client library are listed with unknown energy, so the user learns what they are missing.
/// </summary>
internal sealed class AiOperationAttributor
{
    private const string Inference = "inference";

    /// <summary>Assembly name prefixes of remote AI clients, for sites seen only in samples.</summary>
    private static readonly string[] s_remoteClientModules = ["OpenAI", "Microsoft.Extensions.AI", "Azure.AI.OpenAI", "Anthropic", "Mistral"];

    private readonly TraceSamples _trace;
    private readonly AnalysisOptions _options;
    private readonly List<(AiOperationEvent Start, AiOperationEvent? Stop)> _operations;

    /// <summary>Each remote operation's estimate, made once (the sites and the totals both sum them).</summary>
    private readonly Dictionary<long, LlmEnergyEstimate> _estimates;
    private readonly Dictionary<int, (long[] Ticks, double[] CumulativeJoules)> _joulesByThread;

    public AiOperationAttributor(TraceSamples trace, IReadOnlyDictionary<StackSample, double> joulesBySample, AnalysisOptions options)
    {
        _trace = trace;
        _options = options;
        var stops = trace.AiEvents.Where(e => !e.IsStart).GroupBy(e => e.OperationId).ToDictionary(g => g.Key, g => g.First());
        _operations = trace.AiEvents.Where(e => e.IsStart).Select(start => (start, stops.GetValueOrDefault(start.OperationId))).ToList();
        _estimates = _operations
            .Where(op => op.Start.Kind != Inference)
            .Select(op => (op.Start.OperationId, Estimate: Estimate(op)))
            .Where(pair => pair.Estimate is not null)
            .ToDictionary(pair => pair.OperationId, pair => pair.Estimate!);

        // Per thread, sample times and running sums of their joules: a scope's energy is two binary searches.
        _joulesByThread = joulesBySample
            .GroupBy(pair => pair.Key.ThreadId)
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    var ordered = g.OrderBy(pair => pair.Key.UtcTicks).ToArray();
                    var sums = new double[ordered.Length + 1];
                    for (var i = 0; i < ordered.Length; i++)
                    {
                        sums[i + 1] = sums[i] + ordered[i].Value;
                    }

                    return (ordered.Select(pair => pair.Key.UtcTicks).ToArray(), sums);
                });
    }

    public IReadOnlyList<RemoteCallSiteEnergy> RemoteCallSites()
    {
        if (_trace.AiEvents.Count == 0)
        {
            return SampledRemoteSites();
        }

        return _operations
            .Where(op => op.Start.Kind != Inference)
            .GroupBy(op => (Site: Site(op.Start), op.Start.Kind, op.Start.Provider, Model: ModelOf(op)))
            .Select(group =>
            {
                var estimates = group.Select(Estimated).Where(e => e is not null).Select(e => e!).ToList();
                var stopped = group.Where(op => op.Stop is not null).Select(op => op.Stop!).ToList();
                return new RemoteCallSiteEnergy(
                    group.Key.Site.Method,
                    group.Key.Site.File,
                    group.Key.Site.Line,
                    group.Key.Kind,
                    group.Key.Provider,
                    group.Key.Model,
                    group.Count(),
                    group.Sum(op => (long)op.Start.BatchSize),
                    stopped.Count(stop => stop.Status != "ok"),
                    stopped.Sum(stop => Math.Max(0, stop.InputTokens)),
                    stopped.Sum(stop => Math.Max(0, stop.OutputTokens)),
                    estimates.Count,
                    estimates.Count > 0 ? estimates.Sum(e => e.MinJoules) : null,
                    estimates.Count > 0 ? estimates.Sum(e => e.MaxJoules) : null,
                    estimates.Count > 0 ? estimates[0].Basis : WhyNotEstimated(group.Key.Model, group.Key.Kind, stopped));
            })
            .OrderByDescending(site => site.MaxJoules ?? -1)
            .ToList();
    }

    public RemoteEnergyTotals? RemoteTotals()
    {
        var remote = _operations.Where(op => op.Start.Kind != Inference).ToList();
        if (remote.Count == 0)
        {
            return null;
        }

        var estimates = remote.Select(Estimated).Where(e => e is not null).Select(e => e!).ToList();
        var model = _options.RemoteEnergyModel;
        return new RemoteEnergyTotals(
            remote.Count,
            estimates.Count,
            estimates.Sum(e => e.MinJoules),
            estimates.Sum(e => e.MaxJoules),
            $"EcoLogits method, PUE {model.PowerUsageEffectiveness}, {(model.IncludeInputTokens ? "output tokens plus our labelled input-token (prefill) estimate" : "output tokens only")}; modelled, never measured");
    }

    public IReadOnlyList<LocalInferenceEnergy> LocalInference() => _operations
        .Where(op => op.Start.Kind == Inference && op.Stop is not null)
        .GroupBy(op => (op.Start.Model, op.Start.Provider, Site: Site(op.Start)))
        .Select(group => new LocalInferenceEnergy(
            group.Key.Model,
            group.Key.Provider,
            group.Key.Site.File,
            group.Key.Site.Line,
            group.Count(),
            group.Sum(op => (long)op.Start.BatchSize),
            group.Sum(op => JoulesOnThread(op.Start.ThreadId, op.Start.UtcTicks, op.Stop!.UtcTicks)),
            group.Sum(op => (op.Stop!.UtcTicks - op.Start.UtcTicks) / (double)TimeSpan.TicksPerSecond)))
        .OrderByDescending(local => local.Joules)
        .ToList();

    private static string ModelOf((AiOperationEvent Start, AiOperationEvent? Stop) op)
        => op.Stop is { Model.Length: > 0 } stop ? stop.Model : op.Start.Model;

    private static string WhyNotEstimated(string model, string kind, IReadOnlyList<AiOperationEvent> stopped)
    {
        if (stopped.Count == 0)
        {
            return "no call had finished when the profile ended";
        }

        if (stopped.All(stop => stop.Status != "ok"))
        {
            return "every call failed";
        }

        if (kind == "embeddings")
        {
            return "not estimated: the EcoLogits method counts output tokens, and embeddings have none (--llm-input-tokens adds our labelled input-token estimate)";
        }

        return stopped.All(stop => stop.OutputTokens < 0)
            ? "unknown: the provider reported no token counts (streamed without usage?)"
            : $"unknown: '{model}' is not in the LLM model table (add it with --llm-models)";
    }

    private LlmEnergyEstimate? Estimated((AiOperationEvent Start, AiOperationEvent? Stop) op) => _estimates.GetValueOrDefault(op.Start.OperationId);

    private LlmEnergyEstimate? Estimate((AiOperationEvent Start, AiOperationEvent? Stop) op)
    {
        if (op.Stop is not { Status: "ok" } stop)
        {
            return null;
        }

        var model = _options.RemoteEnergyModel;
        var output = stop.OutputTokens;
        if (output < 0 && !(model.IncludeInputTokens && stop.InputTokens >= 0))
        {
            return null;
        }

        var estimate = model.Estimate(ModelOf(op), (int)Math.Min(int.MaxValue, Math.Max(0, output)), (int)Math.Min(int.MaxValue, Math.Max(0, stop.InputTokens)));
        return estimate is { MaxJoules: > 0 } ? estimate : null;
    }

    /// <summary>The call site of an operation: caller information where the payload has it, else the first user frame of the Start event's stack.</summary>
    private (string? Method, string? File, int? Line) Site(AiOperationEvent start)
    {
        var frame = CallSiteLocator.FirstUserFrame(start.StackFrames, _trace.Frames, _options) is { } index ? _trace.Frames[index] : null;
        return start.CallerFile.Length > 0 ? (frame?.Method, start.CallerFile, start.CallerLine) : (frame?.Method, frame?.File, frame?.Line);
    }

    private double JoulesOnThread(int threadId, long fromTicks, long toTicks)
    {
        if (!_joulesByThread.TryGetValue(threadId, out var thread))
        {
            return 0;
        }

        int Position(long ticks)
        {
            var index = Array.BinarySearch(thread.Ticks, ticks);
            return index >= 0 ? index : ~index;
        }

        return thread.CumulativeJoules[Position(toTicks + 1)] - thread.CumulativeJoules[Position(fromTicks)];
    }

    private List<RemoteCallSiteEnergy> SampledRemoteSites() => _trace.Samples
        .Where(sample => sample.Frames.Any(f => s_remoteClientModules.Any(prefix => _trace.Frames[f].Module.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))))
        .Select(sample => CallSiteLocator.FirstUserFrame(sample.Frames, _trace.Frames, _options))
        .Where(index => index is not null)
        .Distinct()
        .Select(index => _trace.Frames[index!.Value])
        .Select(frame => new RemoteCallSiteEnergy(
            frame.Method,
            frame.File,
            frame.Line,
            "unknown",
            "unknown",
            "unknown",
            null,
            0,
            0,
            0,
            0,
            0,
            null,
            null,
            "unknown: seen only in stack samples inside an AI client library; without EfficiencyKit-AI events there are no tokens to estimate from (wrap the client with .WithEnergyTracking() from EfficiencyKit.Runtime)"))
        .ToList();
}
