using System;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace EfficiencyKit.Runtime;

/// <summary>
/// A System.ClientModel pipeline policy for the OpenAI SDK: every chat completions, responses and embeddings request
/// through a client built with <see cref="EnergyTrackingExtensions.WithEnergyTracking(OpenAI.OpenAIClientOptions, string)"/>
/// becomes an operation, whatever method made it (convenience or protocol). The request body gives the model and the
/// batch size, the buffered response body the model that answered and the usage. Streaming responses are not
/// buffered, so their tokens are reported as unknown (use the Microsoft.Extensions.AI wrapper for streamed usage).
/// With no listener the policy only checks two flags.
/// </summary>
internal sealed class OpenAIEnergyTrackingPolicy(string providerName) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        if (Start(message) is not { } operation)
        {
            ProcessNext(message, pipeline, currentIndex);
            return;
        }

        try
        {
            ProcessNext(message, pipeline, currentIndex);
        }
        catch (Exception exception)
        {
            AiTelemetry.Stop(operation, AiTokenUsage.None, errorType: exception.GetType().FullName);
            throw;
        }

        Stop(message, operation);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        if (Start(message) is not { } operation)
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            return;
        }

        try
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            AiTelemetry.Stop(operation, AiTokenUsage.None, errorType: exception.GetType().FullName);
            throw;
        }

        Stop(message, operation);
    }

    private AiOperation? Start(PipelineMessage message)
    {
        if (!AiEventSource.Log.IsEnabled() && !AiMetrics.AnyEnabled)
        {
            return null;
        }

        if (OpenAIMessageReader.OperationKind(message.Request.Uri) is not { } kind)
        {
            return null;
        }

        var request = OpenAIMessageReader.ReadRequest(message.Request.Content, kind);
        var operation = AiTelemetry.Start(kind, providerName, request.Model ?? ProviderInfo.Unknown, request.BatchSize);
        return operation.IsTracked ? operation : null;
    }

    private static void Stop(PipelineMessage message, in AiOperation operation)
    {
        var response = message.Response;
        if (response is null)
        {
            AiTelemetry.Stop(operation, AiTokenUsage.None, errorType: "no response");
        }
        else if (response.IsError)
        {
            AiTelemetry.Stop(operation, AiTokenUsage.None, errorType: response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (!message.BufferResponse)
        {
            AiTelemetry.Stop(operation, AiTokenUsage.None);
        }
        else
        {
            var (model, usage) = OpenAIMessageReader.ReadResponse(response.Content, operation.Kind);
            AiTelemetry.Stop(operation, usage, model);
        }
    }
}
