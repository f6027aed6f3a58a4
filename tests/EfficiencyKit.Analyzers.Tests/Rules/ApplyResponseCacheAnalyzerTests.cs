namespace EfficiencyKit.Analyzers.Tests.Rules;

public sealed class ApplyResponseCacheAnalyzerTests
{
    private static ProjectBuilder CreateProjectBuilder() => new ProjectBuilder()
        .WithAnalyzer<ApplyResponseCacheAnalyzer>();

    [Fact]
    public Task Cache_added_from_inside_a_stage_factory()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Caching.Distributed;

                public static class Pipeline
                {
                    public static IChatClient Create(IChatClient inner, IDistributedCache cache)
                    {
                        var builder = new ChatClientBuilder(inner);
                        builder.Use((client, services) =>
                        {
                            [|builder.UseDistributedCache(cache)|];
                            return client;
                        });
                        return builder.Build();
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "'UseDistributedCache' adds a cache from inside a pipeline stage factory")
            .ValidateAsync();

    [Fact]
    public Task Cache_added_to_a_builder_that_is_never_built()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Caching.Distributed;

                public sealed class Assistant
                {
                    private readonly IChatClient _chat;

                    public Assistant(IChatClient inner, IDistributedCache cache)
                    {
                        [|inner.AsBuilder().UseDistributedCache(cache)|];
                        [|new ChatClientBuilder(inner).UseDistributedCache(cache)|].UseFunctionInvocation();
                        _chat = inner;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "to a pipeline that is never built")
            .ValidateAsync();

    [Fact]
    public Task Cache_added_after_Build()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Caching.Distributed;

                public static class Pipeline
                {
                    public static IChatClient Create(IChatClient inner, IDistributedCache cache)
                    {
                        var builder = inner.AsBuilder().UseFunctionInvocation();
                        var client = builder.Build();
                        [|builder.UseDistributedCache(cache)|];
                        return client;
                    }
                }
                """)
            .ShouldReport(DiagnosticSeverity.Warning, "after the pipeline was built (Build() at line 9)")
            .ValidateAsync();

    [Fact]
    public Task Embedding_generator_cache_in_a_factory()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Caching.Distributed;

                public static class Embeddings
                {
                    public static IEmbeddingGenerator<string, Embedding<float>> Create(IEmbeddingGenerator<string, Embedding<float>> inner, IDistributedCache cache)
                    {
                        var builder = new EmbeddingGeneratorBuilder<string, Embedding<float>>(inner);
                        builder.Use(generator => { [|builder.UseDistributedCache(cache)|]; return generator; });
                        return builder.Build();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Caches_that_are_applied_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Caching.Distributed;
                using Microsoft.Extensions.DependencyInjection;

                public static class Pipelines
                {
                    public static IChatClient Fluent(IChatClient inner, IDistributedCache cache)
                        => inner.AsBuilder().UseDistributedCache(cache).UseFunctionInvocation().Build();

                    public static IChatClient Stepwise(IChatClient inner, IDistributedCache cache)
                    {
                        var builder = new ChatClientBuilder(inner);
                        builder.UseDistributedCache(cache);
                        return builder.Build();
                    }

                    public static ChatClientBuilder Returned(IChatClient inner, IDistributedCache cache)
                        => inner.AsBuilder().UseDistributedCache(cache);

                    public static void Registered(IServiceCollection services, IChatClient inner, IDistributedCache cache)
                        => services.AddChatClient(inner).UseDistributedCache(cache);

                    public static IChatClient RebuiltAfterwards(IChatClient inner, IDistributedCache cache)
                    {
                        var builder = inner.AsBuilder();
                        var first = builder.Build();
                        builder.UseDistributedCache(cache);
                        return builder.Build();
                    }

                    public static IChatClient ParameterBuilder(ChatClientBuilder builder, IDistributedCache cache)
                    {
                        builder.UseDistributedCache(cache);
                        return builder.Build();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Non_cache_stages_in_a_factory_are_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;

                public static class Pipeline
                {
                    public static IChatClient Create(IChatClient inner)
                    {
                        var builder = new ChatClientBuilder(inner);
                        builder.Use(client => { builder.UseFunctionInvocation(); return client; });
                        return builder.Build();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Projects_without_the_pipeline_builders_are_not_analysed()
        => CreateProjectBuilder()
            .WithoutReference("Microsoft.Extensions.AI")
            .WithSourceCode("""
                public sealed class Builder
                {
                    public Builder UseDistributedCache() => this;
                    public void Run() => new Builder().UseDistributedCache();
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Cache_added_inside_the_builder_constructor_factory()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Caching.Distributed;

                public static class Pipeline
                {
                    public static ChatClientBuilder? Builder;

                    public static IChatClient Create(IChatClient inner, IDistributedCache cache)
                    {
                        Builder = new ChatClientBuilder(services =>
                        {
                            [|Builder!.UseDistributedCache(cache)|];
                            return inner;
                        });
                        return Builder.Build();
                    }
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Any_Use_Cache_extension_counts_as_a_cache()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using Microsoft.Extensions.AI;

                public static class MyCaching
                {
                    public static ChatClientBuilder UseResponseCache(this ChatClientBuilder builder) => builder;
                }

                public static class Pipeline
                {
                    public static void Create(IChatClient inner) => [|inner.AsBuilder().UseResponseCache()|];
                }
                """)
            .ValidateAsync();

    [Fact]
    public Task Cache_in_a_lambda_that_is_not_a_stage_factory_is_not_reported()
        => CreateProjectBuilder()
            .WithSourceCode("""
                using System;
                using Microsoft.Extensions.AI;
                using Microsoft.Extensions.Caching.Distributed;

                public static class Pipeline
                {
                    public static Func<IChatClient> Factory(IChatClient inner, IDistributedCache cache)
                        => () => inner.AsBuilder().UseDistributedCache(cache).Build();
                }
                """)
            .ValidateAsync();
}
