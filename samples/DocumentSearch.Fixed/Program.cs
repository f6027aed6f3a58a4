using System.Diagnostics;
using DocumentSearch;

if (SearchArguments.Parse(args) is not { } arguments)
{
    Console.Error.WriteLine(SearchArguments.Usage);
    return 2;
}

var documents = Document.Load(Path.Combine(AppContext.BaseDirectory, "data", "documents.tsv")).Take(arguments.Documents).ToList();
var queries = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "queries.txt"))
    .Where(line => line.Length > 0)
    .Take(arguments.Queries)
    .ToList();

var stopwatch = Stopwatch.StartNew();
using var embedder = new Embedder();
var index = new DocumentIndex(embedder);
index.Add(documents);
var indexing = stopwatch.Elapsed;

// The queries are all known up front here, so they are embedded together like the documents.
var queryEmbeddings = embedder.Embed(queries);
for (var q = 0; q < queries.Count; q++)
{
    Console.WriteLine($"query: {queries[q]}");
    var rank = 1;
    foreach (var (document, score) in index.Search(queryEmbeddings[q], top: 3))
    {
        Console.WriteLine($"  {rank++}. [{document.Id}] {score:F4}  {document.Title}");
    }
}

Console.WriteLine($"{index.Count} documents indexed in {indexing.TotalSeconds:F2} s; {queries.Count} queries answered in {(stopwatch.Elapsed - indexing).TotalSeconds:F2} s");
return 0;
