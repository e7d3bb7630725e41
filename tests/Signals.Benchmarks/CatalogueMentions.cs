using System.Text.Json;
using Signals.Classification;
using Signals.Matching;

namespace Signals.Benchmarks;

/// <summary>
/// What catalogue mode (every marketed medicine) finds in real text: the share of SMM4H English tweets (each names a
/// medication) and French forum posts in which it finds a product — its recall on medicine talk — and the items of real
/// feeds with no drug content in which it finds one, each listed with the words that matched. The feed items are JSON Lines
/// as <c>signals fetch</c> prints them (docs/classifier.md says how the recorded feeds of ../shared/data were read).
/// Run: dotnet run -c Release --project tests/Signals.Benchmarks -- catalogue-mentions [--feeds DIR] [--data ../shared/data]
/// </summary>
internal static class CatalogueMentions
{
    public static int Run(string data, string? feeds)
    {
        var matcher = new ProductMatcher(MatchingServiceCollectionExtensions.Catalog(new MatchingOptions { Watch = MatchingOptions.WatchCatalogue }));
        foreach (var corpus in new[] { TrainingCorpora.SmmEnglish, TrainingCorpora.SmmFrench })
        {
            var texts = TrainingCorpora.Load(data, corpus).Select(r => r.Text).ToList();
            var found = texts.Count(t => matcher.Match(t).Count > 0);
            Console.WriteLine($"{corpus}: a product in {found:N0} of {texts.Count:N0} posts ({(double)found / texts.Count:P1})");
        }
        if (feeds is null) return 0;
        var items = Directory.EnumerateFiles(feeds, "*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadLines(f).Select(l => (Feed: Path.GetFileNameWithoutExtension(f), Text: JsonDocument.Parse(l).RootElement.GetProperty("text").GetString() ?? "")))
            .Where(i => i.Text.Length > 0).ToList();
        var hits = items.Select(i => (i.Feed, i.Text, Found: matcher.Explain(i.Text))).Where(i => i.Found.Count > 0).ToList();
        Console.WriteLine($"feed items: a product in {hits.Count} of {items.Count}");
        foreach (var (feed, text, found) in hits)
            Console.WriteLine($"  {feed}: {string.Join(", ", found.Select(m => $"{m.Product} ({m.Name})"))} | {text.ReplaceLineEndings(" ")[..Math.Min(100, text.Length)]}");
        return 0;
    }
}
