using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EfficiencyKit.Energy.Llm;

/// <summary>
/// Model id → parameter ranges. The built-in table (Llm/models.json, compiled from EcoLogits' data) can be
/// extended or overridden by a user file in the same format:
/// <c>{ "models": [ { "name": "my-model", "dense": [7, 7] }, { "name": "x", "moe": { "total": 140, "active": [39, 39] } } ] }</c>.
/// </summary>
public sealed class LlmModelTable
{
    /// <summary>Suffix words that name a version or deployment of the same model, not a different size.</summary>
    private static readonly HashSet<string> s_sameModelQualifiers = new(StringComparer.OrdinalIgnoreCase)
    {
        "latest", "preview", "exp", "instruct", "chat", "it", "instant", "hf", "fp8", "versatile",
    };

    private readonly IReadOnlyList<LlmModelInfo> _models;

    private LlmModelTable(IReadOnlyList<LlmModelInfo> models) => _models = models;

    public IReadOnlyList<LlmModelInfo> Models => _models;

    /// <summary>The table shipped in the assembly.</summary>
    public static LlmModelTable BuiltIn { get; } = LoadBuiltIn();

    /// <summary>This table with the models of <paramref name="path"/> added; a model of the same name replaces the built-in one.</summary>
    public LlmModelTable WithUserFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"Cannot read the model table '{path}': {exception.Message}", exception);
        }

        var user = Parse(text, path);
        var names = new HashSet<string>(user.Select(m => m.Name), StringComparer.OrdinalIgnoreCase);
        return new LlmModelTable([.. _models.Where(m => !names.Contains(m.Name)), .. user]);
    }

    /// <summary>
    /// The model a provider's id refers to: the longest table name that the id starts with (ignoring case and an
    /// "org/" prefix) and that is followed by nothing, a date or version number, or a qualifier such as -latest or
    /// -instruct. "gpt-4o-2024-08-06" is gpt-4o, "gpt-4o-mini" is not, and "o1-mini" matches nothing rather than o1.
    /// </summary>
    public LlmModelInfo? Find(string modelId)
    {
        var id = modelId.Contains('/') ? modelId.Substring(modelId.LastIndexOf('/') + 1) : modelId;
        return _models
            .Where(m => id.StartsWith(m.Name, StringComparison.OrdinalIgnoreCase) && IsSameModelSuffix(id.Substring(m.Name.Length)))
            .OrderByDescending(m => m.Name.Length)
            .FirstOrDefault();
    }

    private static bool IsSameModelSuffix(string rest)
    {
        if (rest.Length == 0)
        {
            return true;
        }

        if (rest[0] != '-' || rest.Length < 2)
        {
            return false;
        }

        var word = rest.Substring(1).Split('-')[0];
        return word.All(char.IsDigit) || s_sameModelQualifiers.Contains(word);
    }

    private static LlmModelTable LoadBuiltIn()
    {
        using var stream = typeof(LlmModelTable).Assembly.GetManifestResourceStream("EfficiencyKit.Energy.Llm.models.json")
            ?? throw new InvalidOperationException("The built-in model table resource is missing from EfficiencyKit.Energy.");
        using var reader = new StreamReader(stream);
        return new LlmModelTable(Parse(reader.ReadToEnd(), "built-in models.json"));
    }

    private static List<LlmModelInfo> Parse(string json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"'{path}' is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : $"user model table '{path}'";
            if (!root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"'{path}': expected an object with a \"models\" array.");
            }

            var result = new List<LlmModelInfo>();
            var index = 0;
            foreach (var entry in models.EnumerateArray())
            {
                result.Add(ParseModel(entry, $"'{path}': models[{index++}]", source));
            }

            return result;
        }
    }

    private static LlmModelInfo ParseModel(JsonElement entry, string where, string source)
    {
        if (!entry.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String || nameElement.GetString()!.Length == 0)
        {
            throw new FormatException($"{where}.name: expected a non-empty model id.");
        }

        var name = nameElement.GetString()!;
        if (entry.TryGetProperty("dense", out var dense))
        {
            var (min, max) = ParseRange(dense, $"{where}.dense");
            return new LlmModelInfo(name, LlmArchitecture.Dense, min, max, min, max, source);
        }

        if (entry.TryGetProperty("moe", out var moe))
        {
            if (!moe.TryGetProperty("total", out var total) || total.ValueKind != JsonValueKind.Number || total.GetDouble() <= 0)
            {
                throw new FormatException($"{where}.moe.total: expected total parameters in billions (a positive number).");
            }

            var (min, max) = ParseRange(moe.TryGetProperty("active", out var active) ? active : default, $"{where}.moe.active");
            return new LlmModelInfo(name, LlmArchitecture.MixtureOfExperts, total.GetDouble(), total.GetDouble(), min, max, source);
        }

        throw new FormatException($"{where}: model '{name}' needs \"dense\": [min, max] or \"moe\": {{ \"total\": n, \"active\": [min, max] }} (billions of parameters).");
    }

    private static (double Min, double Max) ParseRange(JsonElement range, string where)
    {
        if (range.ValueKind != JsonValueKind.Array || range.GetArrayLength() != 2
            || range[0].ValueKind != JsonValueKind.Number || range[1].ValueKind != JsonValueKind.Number
            || range[0].GetDouble() <= 0 || range[1].GetDouble() < range[0].GetDouble())
        {
            throw new FormatException($"{where}: expected [min, max] billions of parameters with 0 < min <= max.");
        }

        return (range[0].GetDouble(), range[1].GetDouble());
    }
}
