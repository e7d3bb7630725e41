using System.Globalization;
using System.Text.Json;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Docs;

/// <summary>
/// The classifier's numbers in docs/classifier.md and in the committed card are what the commands print with the shipped model
/// (issue 23, item 17): the category table is `evaluate` on the category set, the card's decision metrics `evaluate` on the
/// shared held-out splits.
/// </summary>
public sealed class ClassifierDocTests
{
    private static readonly string[] Categories = ["adverse-event", "product-complaint", "usage-question", "medical-question", "other"];

    [Test]
    public async Task The_category_table_is_what_evaluate_prints_on_the_category_set_with_the_shipped_model()
    {
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory())
            .RunAsync("evaluate", "--data", Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv"));
        Assert.That(exit, Is.EqualTo(0), stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Dictionary<string, JsonElement> ByCategory(JsonElement list) => list.EnumerateArray().ToDictionary(c => c.GetProperty("category").GetString()!);
        var all = ByCategory(json.GetProperty("categories"));
        var en = ByCategory(json.GetProperty("byLanguage").GetProperty("en"));
        var fr = ByCategory(json.GetProperty("byLanguage").GetProperty("fr"));
        string F(JsonElement e, string p) => e.GetProperty(p).GetDouble().ToString("0.000", CultureInfo.InvariantCulture);

        var doc = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "docs", "classifier.md"));
        foreach (var c in Categories)
        {
            var row = $"| {c.Replace('-', ' ')} | {all[c].GetProperty("examples").GetInt32()} | {F(all[c], "precision")} | {F(all[c], "recall")} | {F(en[c], "recall")} | {F(fr[c], "recall")} |";
            Assert.That(doc, Does.Contain(row), $"docs/classifier.md's category table, row {c}");
        }
    }

    [Test]
    public async Task The_committed_cards_decision_metrics_are_what_evaluate_measures_on_the_held_out_splits()
    {
        var data = TestPaths.Shared("data");
        var (exit, stdout, stderr) = await new WorkerProcess(TestPaths.TempDirectory()).RunAsync("evaluate", "--data", data);
        Assert.That(exit, Is.EqualTo(0), stderr);
        var measured = JsonDocument.Parse(stdout).RootElement.EnumerateArray().Where(e => e.GetProperty("group").GetString() == "split")
            .ToDictionary(e => e.GetProperty("data").GetString()!, e => e.GetProperty("decision"));
        var card = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.card.json"))).RootElement;
        var decisions = card.GetProperty("heldOutDecisions").EnumerateArray().ToList();

        Assert.That(decisions, Has.Count.EqualTo(measured.Count).And.Count.GreaterThanOrEqualTo(2));
        foreach (var d in decisions)
        {
            var split = d.GetProperty("split").GetString()!;
            var m = measured[split[..split.IndexOf(": worker decision", StringComparison.Ordinal)]];
            foreach (var p in new[] { "precision", "recall", "f1" })
                Assert.That(d.GetProperty(p).GetDouble(), Is.EqualTo(m.GetProperty(p).GetDouble()), $"{split}: {p}");
        }
    }
}
