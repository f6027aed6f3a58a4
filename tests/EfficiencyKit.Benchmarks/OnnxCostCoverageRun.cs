using EfficiencyKit.Onnx.Inspection;

namespace EfficiencyKit.Benchmarks;

/// <summary>
/// How many models in a folder (default: Debian's libonnx-testdata) inspect with a complete cost, and which
/// operators keep the others incomplete, most-blocking first: by the first unknown node in graph order (the
/// cause: later unknown nodes often only lack its output's shape), then by any unknown node. The figure behind
/// docs/onnx.md "cost coverage".
/// Usage: onnx-coverage [folder = /usr/share/libonnx-testdata/data] [reasons to list per operator = 0]
/// </summary>
internal static class OnnxCostCoverageRun
{
    public static void Run(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : "/usr/share/libonnx-testdata/data";
        var reasonsPerOperator = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var models = Directory.GetFiles(folder, "model.onnx", SearchOption.AllDirectories);
        Array.Sort(models, StringComparer.Ordinal);
        var first = new Dictionary<string, List<(string Model, string Reason)>>(StringComparer.Ordinal);
        var blocked = new Dictionary<string, List<(string Model, string Reason)>>(StringComparer.Ordinal);
        int complete = 0, failed = 0;
        foreach (var path in models)
        {
            ModelInspection inspection;
            try
            {
                inspection = ModelInspector.Inspect(path);
            }
            catch (Exception e) when (e is Onnx.OnnxFormatException or IOException)
            {
                failed++;
                Console.WriteLine($"not inspected: {path}: {e.Message}");
                continue;
            }

            if (inspection.Cost.IsComplete)
            {
                complete++;
                continue;
            }

            var name = Path.GetFileName(Path.GetDirectoryName(path)) ?? path;
            var cause = inspection.Cost.UnknownNodes[0];
            Add(first, cause.Operator, (name, cause.Reason));
            foreach (var unknown in inspection.Cost.UnknownNodes.GroupBy(u => u.Operator))
            {
                Add(blocked, unknown.Key, (name, unknown.First().Reason));
            }
        }

        var incomplete = models.Length - complete - failed;
        Console.WriteLine($"{models.Length} models: {complete} complete, {incomplete} incomplete ({100.0 * incomplete / models.Length:F1}%), {failed} not inspected");
        Print($"{first.Count} operators are the first unknown node of a model (models, operator):", first, reasonsPerOperator);
        Print($"{blocked.Count} operators have an unknown node in a model (models, operator):", blocked, 0);
    }

    private static void Add(Dictionary<string, List<(string Model, string Reason)>> table, string op, (string Model, string Reason) entry)
    {
        if (!table.TryGetValue(op, out var list))
        {
            table[op] = list = [];
        }

        list.Add(entry);
    }

    private static void Print(string title, Dictionary<string, List<(string Model, string Reason)>> table, int reasonsPerOperator)
    {
        Console.WriteLine(title);
        foreach (var (op, list) in table.OrderByDescending(b => b.Value.Count).ThenBy(b => b.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{list.Count,5}  {op}");
            foreach (var (model, reason) in list.Take(reasonsPerOperator))
            {
                Console.WriteLine($"         {model}: {reason}");
            }
        }
    }
}
