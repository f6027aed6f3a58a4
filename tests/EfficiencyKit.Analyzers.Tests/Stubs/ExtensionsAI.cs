// Stand-in for the Microsoft.Extensions.AI package (not in our registry): the pipeline builder surface of
// Microsoft.Extensions.AI 9.x/10.x that EK1403 reasons about, with the real names and signatures.
using System;
using System.Collections.Generic;

namespace Microsoft.Extensions.Caching.Distributed
{
    public interface IDistributedCache
    {
        byte[]? Get(string key);
    }
}

namespace Microsoft.Extensions.AI
{
    using Microsoft.Extensions.Caching.Distributed;
    using Microsoft.Extensions.DependencyInjection;

    public sealed class ChatClientBuilder
    {
        private readonly Func<IServiceProvider, IChatClient> _inner;
        private readonly List<Func<IChatClient, IServiceProvider, IChatClient>> _factories = new();

        public ChatClientBuilder(IChatClient innerClient) => _inner = _ => innerClient;

        public ChatClientBuilder(Func<IServiceProvider, IChatClient> innerClientFactory) => _inner = innerClientFactory;

        public IChatClient Build(IServiceProvider? services = null)
        {
            services ??= EmptyServiceProvider.Instance;
            var client = _inner(services);
            for (var i = _factories.Count - 1; i >= 0; i--)
            {
                client = _factories[i](client, services);
            }

            return client;
        }

        public ChatClientBuilder Use(Func<IChatClient, IChatClient> clientFactory)
        {
            _factories.Add((client, _) => clientFactory(client));
            return this;
        }

        public ChatClientBuilder Use(Func<IChatClient, IServiceProvider, IChatClient> clientFactory)
        {
            _factories.Add(clientFactory);
            return this;
        }
    }

    public sealed class EmbeddingGeneratorBuilder<TInput, TEmbedding>
        where TEmbedding : Embedding
    {
        public EmbeddingGeneratorBuilder(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator) { }

        public IEmbeddingGenerator<TInput, TEmbedding> Build(IServiceProvider? services = null) => throw new NotSupportedException();

        public EmbeddingGeneratorBuilder<TInput, TEmbedding> Use(Func<IEmbeddingGenerator<TInput, TEmbedding>, IEmbeddingGenerator<TInput, TEmbedding>> generatorFactory) => this;
    }

    public class DistributedCachingChatClient : DelegatingChatClient
    {
        public DistributedCachingChatClient(IChatClient innerClient, IDistributedCache storage) : base(innerClient) { }
    }

    public static class ChatClientBuilderChatClientExtensions
    {
        public static ChatClientBuilder AsBuilder(this IChatClient innerClient) => new(innerClient);
    }

    public static class DistributedCachingChatClientBuilderExtensions
    {
        public static ChatClientBuilder UseDistributedCache(this ChatClientBuilder builder, IDistributedCache? storage = null, Action<DistributedCachingChatClient>? configure = null) => builder;
    }

    public static class DistributedCachingEmbeddingGeneratorBuilderExtensions
    {
        public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseDistributedCache<TInput, TEmbedding>(this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, IDistributedCache? storage = null)
            where TEmbedding : Embedding => builder;
    }

    public static class FunctionInvokingChatClientBuilderExtensions
    {
        public static ChatClientBuilder UseFunctionInvocation(this ChatClientBuilder builder) => builder;
    }

    public static class ChatClientBuilderServiceCollectionExtensions
    {
        public static ChatClientBuilder AddChatClient(this IServiceCollection serviceCollection, IChatClient innerClient) => new(innerClient);
    }

    internal sealed class EmptyServiceProvider : IServiceProvider
    {
        public static EmptyServiceProvider Instance { get; } = new();

        public object? GetService(Type serviceType) => null;
    }
}
