using System.Reflection;
using System.Text.Json;
using Json.Schema;

namespace EfficiencyKit.Tests.Shared;

/// <summary>
/// The JSON Schemas under docs/schemas, evaluated as JsonSchema.Net's 2020-12 with formats (date-time) asserted, so a
/// test can hold a writer's real output to its documented contract. Linked into each writer's test project.
/// </summary>
internal static class DocumentedSchema
{
    private static readonly string s_directory = Path.Combine(
        typeof(DocumentedSchema).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "docs",
        "schemas");

    // Each built once: JsonSchema.Net registers a schema under its $id globally and refuses a second registration.
    private static readonly Dictionary<string, JsonSchema> s_schemas = [];

    /// <summary>
    /// Loads a schema by file name ("energy-budget.schema.json"), and first the schemas it names in a $ref, which
    /// JsonSchema.Net resolves through its registry by $id.
    /// </summary>
    public static JsonSchema Load(string fileName, params string[] referenced)
    {
        lock (s_schemas)
        {
            foreach (var name in referenced)
            {
                Load(name);
            }

            if (!s_schemas.TryGetValue(fileName, out var schema))
            {
                schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(s_directory, fileName)));
                s_schemas.Add(fileName, schema);
            }

            return schema;
        }
    }

    /// <summary>The document's violations of the schema as "path: keyword: error" lines; empty when it validates.</summary>
    public static List<string> Errors(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    /// <summary>Fails with every violation when <paramref name="json"/> does not validate.</summary>
    public static void AssertValid(JsonSchema schema, string json)
    {
        var errors = Errors(schema, json);
        Xunit.Assert.True(errors.Count == 0, string.Join("\n", errors) + "\nin:\n" + json);
    }

    /// <summary>
    /// Holds the validator to the schema both ways: <paramref name="json"/> has no violations, and each edit (a text
    /// replaced by another, ordinal) gives a document with some.
    /// </summary>
    public static void AssertRejectsEdits(JsonSchema schema, string json, params (string From, string To)[] edits)
    {
        Xunit.Assert.Empty(Errors(schema, json));
        foreach (var (from, to) in edits)
        {
            Xunit.Assert.NotEmpty(Errors(schema, json.Replace(from, to, System.StringComparison.Ordinal)));
        }
    }
}
