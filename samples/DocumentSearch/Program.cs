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
var index = new DocumentIndex(new Embedder());
index.Add(documents);
var indexing = stopwatch.Elapsed;

foreach (var query in queries)
{
    Console.WriteLine($"query: {query}");
    var rank = 1;
    foreach (var (document, score) in index.Search(query, top: 3))
    {
        Console.WriteLine($"  {rank++}. [{document.Id}] {score:F4}  {document.Title}");
    }
}

Console.WriteLine($"{index.Count} documents indexed in {indexing.TotalSeconds:F2} s; {queries.Count} queries answered in {(stopwatch.Elapsed - indexing).TotalSeconds:F2} s");
return 0;
