using TicketTriage;

var tickets = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "tickets.txt"));
if (Environment.GetEnvironmentVariable("OPENAI_API_KEY") is null)
{
    Console.Error.WriteLine("Set OPENAI_API_KEY (and OPENAI_BASE_URL for another OpenAI-compatible endpoint) to run the triage.");
    return 1;
}

var triage = new TriageService();
foreach (var (ticket, category) in tickets.Zip(triage.Categorize(tickets)))
{
    Console.WriteLine($"{category,-10} {ticket}");
}

var finder = new SimilarTicketFinder();
Console.WriteLine($"Closest to the first ticket: {finder.MostSimilar(tickets[0], tickets[1..])}");
return 0;
