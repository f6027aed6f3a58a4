using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// Generated C# files shaped like the services our rules look at, for analyzer benchmarks. In the AI corpus, of every
/// twelve files five use an AI library the clean way (OpenAI chat and embeddings, Microsoft.Extensions.AI chat and
/// embeddings, ONNX Runtime), six are plain business code and one holds waste the rules report; the plain corpus has
/// only business code, so it compiles without the AI libraries. Every file compiles without errors (the benchmark
/// checks), so the analyzers see fully bound code as in a real build.
/// </summary>
internal static class SyntheticAiCorpus
{
    public static IReadOnlyList<SyntaxTree> Create(int files, bool useAiLibraries)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree>(files);
        for (var i = 0; i < files; i++)
        {
            var (name, text) = useAiLibraries ? AiCorpusFile(i) : BusinessFile(i);
            trees.Add(CSharpSyntaxTree.ParseText(text, options, path: $"/src/Synthetic/{name}{i}.cs"));
        }

        return trees;
    }

    private static (string Name, string Text) AiCorpusFile(int i) => (i % 12) switch
    {
        0 => ("TicketSummarizer", OpenAIChat(i)),
        1 => ("DocumentIndexer", OpenAIEmbeddings(i)),
        2 => ("ProductAssistant", ExtensionsAIChat(i)),
        3 => ("SemanticSearch", ExtensionsAIEmbeddings(i)),
        4 => ("SentimentModel", OnnxClassifier(i)),
        11 => ((i / 12) % 6) switch
        {
            0 => ("ReviewLabeler", WastefulOpenAIChat(i)),
            1 => ("CatalogEmbedder", WastefulOpenAIEmbeddings(i)),
            2 => ("PolicyAdvisor", WastefulExtensionsAIChat(i)),
            3 => ("FaqIndexer", WastefulExtensionsAIEmbeddings(i)),
            4 => ("ImageTagger", WastefulOnnx(i)),
            _ => ("ChatEndpoint", WastefulEndpoint(i)),
        },
        _ => BusinessFile(i),
    };

    private static (string Name, string Text) BusinessFile(int i) => (i % 3) switch
    {
        0 => ("OrderService", Orders(i)),
        1 => ("InvoiceCalculator", Invoices(i)),
        _ => ("InventoryReport", Inventory(i)),
    };

    private static string OpenAIChat(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        namespace Contoso.Support{{i}};

        /// <summary>Summarizes support tickets with a shared client and a capped answer.</summary>
        public sealed class TicketSummarizer{{i}}
        {
            private static readonly ChatCompletionOptions s_options = new() { MaxOutputTokenCount = 300, Temperature = 0.2f };
            private readonly ChatClient _client;

            public TicketSummarizer{{i}}(ChatClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

            public async Task<string> SummarizeAsync(string ticket, CancellationToken cancellationToken)
            {
                if (string.IsNullOrWhiteSpace(ticket))
                {
                    return string.Empty;
                }

                List<ChatMessage> messages =
                [
                    new SystemChatMessage("Summarize the support ticket in two sentences."),
                    new UserChatMessage(Truncate(ticket, 4000)),
                ];
                ChatCompletion completion = await _client.CompleteChatAsync(messages, s_options, cancellationToken);
                return completion.Content.Count > 0 ? completion.Content[0].Text.Trim() : string.Empty;
            }

            public async Task<string> TranslateAsync(string text, string language, CancellationToken cancellationToken)
            {
                var options = new ChatCompletionOptions { MaxOutputTokenCount = 800 };
                ChatCompletion completion = await _client.CompleteChatAsync(
                    [new SystemChatMessage($"Translate into {language}."), new UserChatMessage(text)],
                    options,
                    cancellationToken);
                return completion.Content[0].Text;
            }

            private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
        }
        """;

    private static string OpenAIEmbeddings(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using OpenAI.Embeddings;

        namespace Contoso.Search{{i}};

        /// <summary>Embeds document chunks in batches of at most 2048 inputs.</summary>
        public sealed class DocumentIndexer{{i}}(EmbeddingClient client)
        {
            private const int MaxInputsPerRequest = 2048;

            public async Task<IReadOnlyList<ReadOnlyMemory<float>>> EmbedAsync(IReadOnlyList<string> chunks, CancellationToken cancellationToken)
            {
                var vectors = new List<ReadOnlyMemory<float>>(chunks.Count);
                for (var start = 0; start < chunks.Count; start += MaxInputsPerRequest)
                {
                    var batch = chunks.Skip(start).Take(MaxInputsPerRequest).ToList();
                    OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(batch, new EmbeddingGenerationOptions { Dimensions = 512 }, cancellationToken);
                    foreach (var embedding in embeddings)
                    {
                        vectors.Add(embedding.ToFloats());
                    }
                }

                return vectors;
            }

            public async Task<ReadOnlyMemory<float>> EmbedQueryAsync(string query, CancellationToken cancellationToken)
            {
                OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync(query, cancellationToken: cancellationToken);
                return embedding.ToFloats();
            }

            public static IEnumerable<string> Chunk(string text, int size)
            {
                for (var i = 0; i < text.Length; i += size)
                {
                    yield return text.Substring(i, Math.Min(size, text.Length - i));
                }
            }
        }
        """;

    private static string ExtensionsAIChat(int i) => $$"""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Contoso.Catalog{{i}};

        /// <summary>Answers product questions through the injected IChatClient with an output cap.</summary>
        public sealed class ProductAssistant{{i}}(IChatClient chatClient)
        {
            private readonly List<ChatMessage> _history = [new ChatMessage(ChatRole.System, "You answer questions about our products.")];

            public async Task<string> AnswerAsync(string question, CancellationToken cancellationToken)
            {
                _history.Add(new ChatMessage(ChatRole.User, question));
                var options = new ChatOptions { MaxOutputTokens = 400, Temperature = 0.3f };
                ChatResponse response = await chatClient.GetResponseAsync(_history, options, cancellationToken);
                _history.AddMessages(response);
                return response.Text;
            }

            public async IAsyncEnumerable<string> StreamAsync(string question, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var options = new ChatOptions { MaxOutputTokens = 600 };
                await foreach (var update in chatClient.GetStreamingResponseAsync(question, options, cancellationToken))
                {
                    yield return update.Text;
                }
            }

            public int HistoryLength => _history.Count;
        }
        """;

    private static string ExtensionsAIEmbeddings(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Contoso.Knowledge{{i}};

        /// <summary>Ranks passages against a query; passages are embedded in one batch call.</summary>
        public sealed class SemanticSearch{{i}}(IEmbeddingGenerator<string, Embedding<float>> generator)
        {
            public async Task<IReadOnlyList<(string Passage, float Score)>> RankAsync(string query, IReadOnlyList<string> passages, int top, CancellationToken cancellationToken)
            {
                var queryVector = await generator.GenerateVectorAsync(query, cancellationToken: cancellationToken);
                GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(passages, cancellationToken: cancellationToken);
                return passages
                    .Select((passage, index) => (passage, Cosine(queryVector.Span, embeddings[index].Vector.Span)))
                    .OrderByDescending(pair => pair.Item2)
                    .Take(top)
                    .ToList();
            }

            private static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
            {
                float dot = 0, normA = 0, normB = 0;
                for (var i = 0; i < a.Length; i++)
                {
                    dot += a[i] * b[i];
                    normA += a[i] * a[i];
                    normB += b[i] * b[i];
                }

                return normA == 0 || normB == 0 ? 0 : dot / (MathF.Sqrt(normA) * MathF.Sqrt(normB));
            }
        }
        """;

    private static string OnnxClassifier(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;

        namespace Contoso.Ml{{i}};

        /// <summary>Scores rows with one session created at start-up and one batched Run per call.</summary>
        public sealed class SentimentModel{{i}} : IDisposable
        {
            private readonly InferenceSession _session;

            public SentimentModel{{i}}(string modelPath)
            {
                using var options = new SessionOptions { IntraOpNumThreads = 2 };
                _session = new InferenceSession(modelPath, options);
            }

            public float[] Score(IReadOnlyList<float[]> rows)
            {
                if (rows.Count == 0)
                {
                    return [];
                }

                var width = rows[0].Length;
                var input = new DenseTensor<float>(new[] { rows.Count, width });
                for (var r = 0; r < rows.Count; r++)
                {
                    for (var c = 0; c < width; c++)
                    {
                        input[r, c] = rows[r][c];
                    }
                }

                using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) });
                var output = results.First().AsTensor<float>();
                var scores = new float[rows.Count];
                for (var r = 0; r < scores.Length; r++)
                {
                    scores[r] = output[r, 0];
                }

                return scores;
            }

            public void Dispose() => _session.Dispose();
        }
        """;

    private static string WastefulOpenAIChat(int i) => $$"""
        using System.ClientModel;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        namespace Contoso.Reviews{{i}};

        /// <summary>Labels reviews: a new client for every review, a large model and no output cap.</summary>
        public sealed class ReviewLabeler{{i}}(string apiKey)
        {
            public async Task<List<string>> LabelAsync(IEnumerable<string> reviews)
            {
                var labels = new List<string>();
                foreach (var review in reviews)
                {
                    var client = new ChatClient("gpt-4o", new ApiKeyCredential(apiKey));
                    ChatCompletion completion = await client.CompleteChatAsync(new UserChatMessage("Label as positive, neutral or negative: " + review));
                    labels.Add(completion.Content[0].Text);
                }

                return labels;
            }
        }
        """;

    private static string WastefulOpenAIEmbeddings(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Embeddings;

        namespace Contoso.Catalog{{i}};

        /// <summary>Embeds catalog entries one request per entry with the large embedding model.</summary>
        public sealed class CatalogEmbedder{{i}}
        {
            private readonly EmbeddingClient _client;

            public CatalogEmbedder{{i}}(string apiKey) => _client = new EmbeddingClient("text-embedding-3-large", apiKey);

            public async Task<Dictionary<string, ReadOnlyMemory<float>>> EmbedAsync(IEnumerable<string> entries)
            {
                var vectors = new Dictionary<string, ReadOnlyMemory<float>>();
                foreach (var entry in entries)
                {
                    OpenAIEmbedding embedding = await _client.GenerateEmbeddingAsync(entry);
                    vectors[entry] = embedding.ToFloats();
                }

                return vectors;
            }
        }
        """;

    private static string WastefulExtensionsAIChat(int i) => $$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Contoso.Policies{{i}};

        /// <summary>Answers policy questions at high reasoning effort without an output cap.</summary>
        public sealed class PolicyAdvisor{{i}}(IChatClient chatClient)
        {
            public async Task<string> AdviseAsync(string question)
            {
                var options = new ChatOptions { ModelId = "gpt-4o", Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } };
                var response = await chatClient.GetResponseAsync(question, options);
                return response.Text;
            }

            public async Task<string> ClassifyAsync(string text) => (await chatClient.GetResponseAsync("Classify: " + text)).Text;
        }
        """;

    private static string WastefulExtensionsAIEmbeddings(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Contoso.Faq{{i}};

        /// <summary>Embeds FAQ entries with one request per entry, fanned out with Task.WhenAll.</summary>
        public sealed class FaqIndexer{{i}}(IEmbeddingGenerator<string, Embedding<float>> generator)
        {
            public async Task<ReadOnlyMemory<float>[]> IndexAsync(IEnumerable<string> questions)
                => await Task.WhenAll(questions.Select(question => generator.GenerateVectorAsync(question)));
        }
        """;

    private static string WastefulOnnx(int i) => $$"""
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.ML.OnnxRuntime.Tensors;

        namespace Contoso.Images{{i}};

        /// <summary>Tags images: a session per call, optimizations off and one Run per image.</summary>
        public static class ImageTagger{{i}}
        {
            public static List<float> Tag(string modelPath, IEnumerable<float[]> images)
            {
                var options = new SessionOptions();
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
                var session = new InferenceSession(modelPath, options);
                var tags = new List<float>();
                foreach (var pixels in images)
                {
                    var input = new DenseTensor<float>(new[] { 1, pixels.Length });
                    for (var p = 0; p < pixels.Length; p++)
                    {
                        input[0, p] = pixels[p];
                    }

                    using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("pixels", input) });
                    tags.Add(results.First().AsTensor<float>()[0, 0]);
                }

                return tags;
            }
        }
        """;

    private static string WastefulEndpoint(int i) => $$"""
        using System.ClientModel;
        using Microsoft.AspNetCore.Builder;
        using OpenAI.Chat;

        namespace Contoso.Web{{i}};

        /// <summary>A minimal API endpoint that builds a chat client on every request.</summary>
        public static class ChatEndpoint{{i}}
        {
            public static void Map(WebApplication app, string apiKey)
            {
                app.MapPost("/chat{{i}}", (string question) =>
                {
                    var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential(apiKey));
                    return client.CompleteChat(new UserChatMessage(question)).Value.Content[0].Text;
                });
            }
        }
        """;

    private static string Orders(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Contoso.Orders{{i}};

        public enum OrderStatus { Draft, Submitted, Shipped, Cancelled }

        public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice)
        {
            public decimal Total => Quantity * UnitPrice;
        }

        public sealed record Order(Guid Id, string Customer, DateTimeOffset CreatedAt, OrderStatus Status, IReadOnlyList<OrderLine> Lines)
        {
            public decimal Total => Lines.Sum(line => line.Total);
        }

        public interface IOrderRepository{{i}}
        {
            Task<Order?> FindAsync(Guid id, CancellationToken cancellationToken);
            Task SaveAsync(Order order, CancellationToken cancellationToken);
            IAsyncEnumerable<Order> ListAsync(string customer, CancellationToken cancellationToken);
        }

        /// <summary>Order workflow: validation, status transitions and customer statistics.</summary>
        public sealed class OrderService{{i}}(IOrderRepository{{i}} repository, TimeProvider clock)
        {
            public async Task<Order> SubmitAsync(Guid id, CancellationToken cancellationToken)
            {
                var order = await repository.FindAsync(id, cancellationToken) ?? throw new KeyNotFoundException($"Order {id} does not exist.");
                Validate(order);
                var submitted = order with { Status = OrderStatus.Submitted };
                await repository.SaveAsync(submitted, cancellationToken);
                return submitted;
            }

            public async Task<(int Count, decimal Revenue, string? TopSku)> StatisticsAsync(string customer, CancellationToken cancellationToken)
            {
                var count = 0;
                var revenue = 0m;
                var quantities = new Dictionary<string, int>(StringComparer.Ordinal);
                await foreach (var order in repository.ListAsync(customer, cancellationToken))
                {
                    if (order.Status == OrderStatus.Cancelled)
                    {
                        continue;
                    }

                    count++;
                    revenue += order.Total;
                    foreach (var line in order.Lines)
                    {
                        quantities[line.Sku] = quantities.TryGetValue(line.Sku, out var q) ? q + line.Quantity : line.Quantity;
                    }
                }

                var top = quantities.Count == 0 ? null : quantities.MaxBy(pair => pair.Value).Key;
                return (count, revenue, top);
            }

            public bool IsStale(Order order) => order.Status == OrderStatus.Draft && clock.GetUtcNow() - order.CreatedAt > TimeSpan.FromDays({{7 + (i % 5)}});

            private static void Validate(Order order)
            {
                if (order.Lines.Count == 0)
                {
                    throw new InvalidOperationException("An order needs at least one line.");
                }

                var invalid = order.Lines.FirstOrDefault(line => line.Quantity <= 0 || line.UnitPrice < 0);
                if (invalid is not null)
                {
                    throw new InvalidOperationException($"Line {invalid.Sku} has an invalid quantity or price.");
                }

                if (order.Status is OrderStatus.Shipped or OrderStatus.Cancelled)
                {
                    throw new InvalidOperationException($"A {order.Status} order cannot be submitted.");
                }
            }
        }
        """;

    private static string Invoices(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using System.Text;

        namespace Contoso.Billing{{i}};

        public readonly record struct TaxRate(string Region, decimal Rate);

        public sealed class InvoiceLine
        {
            public required string Description { get; init; }
            public required decimal Amount { get; init; }
            public string Region { get; init; } = "EU";
            public bool Discountable { get; init; } = true;
        }

        /// <summary>Invoice totals with regional tax, tiered discounts and a plain-text rendering.</summary>
        public sealed class InvoiceCalculator{{i}}
        {
            private readonly Dictionary<string, TaxRate> _rates;

            public InvoiceCalculator{{i}}(IEnumerable<TaxRate> rates) => _rates = rates.ToDictionary(rate => rate.Region, StringComparer.OrdinalIgnoreCase);

            public decimal Discount(decimal subtotal) => subtotal switch
            {
                >= 10_000m => 0.10m,
                >= 1_000m => 0.05m,
                >= {{100 + i}}m => 0.02m,
                _ => 0m,
            };

            public (decimal Net, decimal Tax, decimal Gross) Total(IReadOnlyCollection<InvoiceLine> lines)
            {
                var discountable = lines.Where(line => line.Discountable).Sum(line => line.Amount);
                var discount = discountable * Discount(discountable);
                var net = lines.Sum(line => line.Amount) - discount;
                var tax = 0m;
                foreach (var group in lines.GroupBy(line => line.Region))
                {
                    var rate = _rates.TryGetValue(group.Key, out var found) ? found.Rate : 0m;
                    tax += group.Sum(line => line.Amount) * rate;
                }

                return (decimal.Round(net, 2), decimal.Round(tax, 2), decimal.Round(net + tax, 2));
            }

            public string Render(string customer, IReadOnlyCollection<InvoiceLine> lines)
            {
                var builder = new StringBuilder();
                builder.AppendLine(CultureInfo.InvariantCulture, $"Invoice for {customer}");
                foreach (var line in lines.OrderByDescending(line => line.Amount))
                {
                    builder.AppendLine(CultureInfo.InvariantCulture, $"  {line.Description,-40} {line.Amount,12:N2} {line.Region}");
                }

                var (net, tax, gross) = Total(lines);
                builder.AppendLine(CultureInfo.InvariantCulture, $"  net {net:N2}, tax {tax:N2}, gross {gross:N2}");
                return builder.ToString();
            }
        }
        """;

    private static string Inventory(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text.Json;
        using System.Threading.Tasks;

        namespace Contoso.Warehouse{{i}};

        public sealed record StockItem(string Sku, string Warehouse, int OnHand, int Reserved, int ReorderLevel)
        {
            public int Available => Math.Max(0, OnHand - Reserved);
        }

        /// <summary>Reorder and stock reports over a JSON stock file.</summary>
        public sealed class InventoryReport{{i}}
        {
            private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };
            private readonly List<StockItem> _items = [];

            public async Task LoadAsync(Stream stream)
            {
                var items = await JsonSerializer.DeserializeAsync<List<StockItem>>(stream, s_json) ?? [];
                _items.Clear();
                _items.AddRange(items.Where(item => !string.IsNullOrEmpty(item.Sku)));
            }

            public IEnumerable<StockItem> ToReorder() => _items.Where(item => item.Available <= item.ReorderLevel).OrderBy(item => item.Available);

            public IReadOnlyDictionary<string, int> AvailableByWarehouse()
            {
                var totals = new SortedDictionary<string, int>(StringComparer.Ordinal);
                foreach (var item in _items)
                {
                    totals[item.Warehouse] = totals.GetValueOrDefault(item.Warehouse) + item.Available;
                }

                return totals;
            }

            public string Describe(string sku)
            {
                var matches = _items.Where(item => item.Sku == sku).ToList();
                return matches.Count switch
                {
                    0 => $"{sku}: unknown",
                    1 => $"{sku}: {matches[0].Available} available in {matches[0].Warehouse}",
                    _ => $"{sku}: {matches.Sum(item => item.Available)} available in {matches.Count} warehouses (threshold {{i % 50}})",
                };
            }
        }
        """;
}
