// Stand-in for Azure.AI.OpenAI (not in our registry): AzureOpenAIClient derives from the real OpenAI.OpenAIClient.
using System;
using System.ClientModel;

namespace Azure.AI.OpenAI
{
    public class AzureOpenAIClientOptions : global::OpenAI.OpenAIClientOptions { }

    public class AzureOpenAIClient : global::OpenAI.OpenAIClient
    {
        public AzureOpenAIClient(Uri endpoint, ApiKeyCredential credential, AzureOpenAIClientOptions? options = null) { }
    }
}
