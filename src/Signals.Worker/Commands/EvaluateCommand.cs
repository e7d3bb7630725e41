using System.Text.Json;
using Signals.Classification;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals evaluate [--model models/adverse-event.zip] [--data FILE|DIR] [--write-card]</c>: metrics of a model as JSON. With a
/// labelled FILE (TSV/CSV with label and text columns, or JSON Lines), one object for it; with the shared data
/// folder (default ../shared/data), one object per held-out split (PsyTAR reviews, ADE articles) and other labelled set
/// (CADEC, French), each with its domain and, beside the model's metrics, the worker decision's (category adverse-event:
/// model, event lexicon and cues), its average precision and best-threshold F1 (an oracle), then one object per domain and per
/// language of the held-out splits (<see cref="HeldOutReport"/>, whose table goes to stderr). Always at the model's own
/// thresholds (stored in the model and its card). With a file
/// whose header has a <c>category</c> column (e.g. tests/Signals.Tests/Classification/category-set.tsv), the decision's
/// precision and recall per category, overall and per language.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        // --write-card: the decision's lexicon and cues change without retraining, so its held-out metrics in the card beside the model
        // are re-measured by this command (the card inside the zip keeps what train measured; the model itself is not touched).
        var writeCard = args.Contains("--write-card");
        if (CommandLine.Options([.. args.Where(a => a != "--write-card")], "evaluate", "--data", "--model") is not { } o) return 64;
        var data = o.GetValueOrDefault("--data", Path.Combine("..", "shared", "data"));
        var model = o.GetValueOrDefault("--model", SignalsPaths.Resolve("models", "adverse-event.zip"));
        if (!File.Exists(model))
        {
            await Console.Error.WriteLineAsync($"signals evaluate: no model at {Path.GetFullPath(model)}");
            return 66;
        }
        var loaded = AdverseEventModel.Load(model, new AdverseEventFeaturizer());
        var decider = PostDecider.Shipped();
        if (CategorySet.IsCategoryFile(data))
        {
            IReadOnlyList<CategorySet.Row> set;
            try { set = CategorySet.Read(data); }
            catch (InvalidDataException ex) { await Console.Error.WriteLineAsync($"signals evaluate: {ex.Message}"); return 65; }
            var decided = decider.Decide(loaded, set.Select(r => r.Text).ToList());
            var byLanguage = set.Select((r, i) => (r, i)).GroupBy(x => x.r.Language).OrderBy(g => g.Key).ToDictionary(g => g.Key.Length == 0 ? "all" : g.Key,
                g => PostDecider.PerCategory(g.Select(x => x.r.Category).ToList(), g.Select(x => decided[x.i]).ToList()));
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                model = Path.GetFileName(model), version = loaded.Version, data = Path.GetFileName(data), n = set.Count,
                categories = PostDecider.PerCategory(set.Select(r => r.Category).ToList(), decided), byLanguage,
            }, Json));
            return 0;
        }
        IReadOnlyList<Line> metrics;
        IReadOnlyList<HeldOutGroup> report = [];
        if (File.Exists(data))
        {
            IReadOnlyList<LabelledSentence> rows;
            try { rows = LabelledFile.Read(data); }
            catch (InvalidDataException ex) { await Console.Error.WriteLineAsync($"signals evaluate: {ex.Message}"); return 65; }
            metrics = [new("file", ModelMetrics.Evaluate(loaded, Path.GetFileName(data), rows), decider.Evaluate(loaded, Path.GetFileName(data), rows), PostDomain.Social, null)];
        }
        else if (Directory.Exists(data))
        {
            // The held-out rows and names train wrote into the card, in its order.
            var sets = new List<(string Name, IReadOnlyList<LabelledSentence> Rows)>();
            foreach (var corpus in TrainingCorpora.All)
                if (corpus is TrainingCorpora.PsyTar or TrainingCorpora.AdeCorpus || Directory.Exists(Path.Combine(data, corpus)))
                    sets.Add((AdverseEventModelTrainer.HeldOutName(corpus, SplitUnit.Group), TrainingCorpora.Load(data, corpus).Where(r => r.IsHeldOut).ToList()));
            report = HeldOutReport.Measure(loaded, decider, sets);
            var first = sets.Where(s => s.Rows.Count > 0).ToDictionary(s => s.Name, s => s.Rows[0]); // a split is one corpus: one domain, one language
            metrics =
            [
                .. report.Where(g => g.By == HeldOutReport.BySplit)
                    .Select(g => new Line(g.By, g.Model, g.Decision, first[g.Model.Split].Domain, HeldOutReport.LanguageOf(first[g.Model.Split]))),
                .. OtherEvaluations.Measure(loaded, data).Select(m => m.Split.StartsWith("cadec")
                    ? new Line("other", m, null, PostDomain.Review, "en") : new Line("other", m, null, PostDomain.Social, "fr")),
                .. report.Where(g => g.By == HeldOutReport.ByDomain).Select(g => new Line(g.By, g.Model, g.Decision, g.Key, null)),
                .. report.Where(g => g.By == HeldOutReport.ByLanguage).Select(g => new Line(g.By, g.Model, g.Decision, null, g.Key)),
            ];
            HeldOutReport.Print(Console.Error, report); // the table for people; stdout stays JSON
        }
        else
        {
            await Console.Error.WriteLineAsync($"signals evaluate: {Path.GetFullPath(data)} is neither a labelled file nor the shared data folder (../shared/data)");
            return 66;
        }
        ct.ThrowIfCancellationRequested();
        if (writeCard)
        {
            if (!Directory.Exists(data) || loaded.Card is null)
            {
                await Console.Error.WriteLineAsync("signals evaluate: --write-card needs the shared data folder (the held-out splits) and a model with a card");
                return 64;
            }
            var cardPath = ModelCard.PathFor(model);
            ModelCard card;
            if (File.Exists(cardPath)) { using var stream = File.OpenRead(cardPath); card = ModelCard.Read(stream); }
            else card = loaded.Card;
            card = card with
            {
                HeldOutDecisions = report.Where(g => g.By == HeldOutReport.BySplit).Select(g => g.Decision).ToList(),
                HeldOutReport = report,
            };
            card.Save(cardPath);
            await Console.Error.WriteLineAsync($"signals evaluate: the decision's held-out metrics written to {Path.GetFullPath(cardPath)}");
        }
        var output = metrics.Select(x => new
        {
            model = Path.GetFileName(model), version = loaded.Version, group = x.By, data = x.Model.Split, domain = x.Domain, language = x.Language,
            n = x.Model.Examples, positives = x.Model.Positives,
            threshold = x.Model.Threshold > 0 ? x.Model.Threshold : (double?)null, // null: rows of several domains, each at its own threshold
            precision = x.Model.Precision, recall = x.Model.Recall, f1 = x.Model.F1, auc = x.Model.Auc, averagePrecision = x.Model.AveragePrecision,
            bestThreshold = x.Model.Best, accuracy = x.Model.Accuracy,
            confusion = new { truePositives = x.Model.TruePositives, falsePositives = x.Model.FalsePositives, trueNegatives = x.Model.TrueNegatives, falseNegatives = x.Model.FalseNegatives },
            decision = x.Decision is not { } d ? null : new
            {
                precision = d.Precision, recall = d.Recall, f1 = d.F1, belowBestThreshold = Math.Round((d.Best?.F1 ?? 0) - d.F1, 4),
                truePositives = d.TruePositives, falsePositives = d.FalsePositives, falseNegatives = d.FalseNegatives,
            },
        }).ToList();
        await Console.Out.WriteLineAsync(output.Count == 1 ? JsonSerializer.Serialize(output[0], Json) : JsonSerializer.Serialize(output, Json));
        return 0;
    }

    /// <summary>One object of the JSON: a held-out split ("split"), other labelled material ("other"), a domain, a language or the given file.</summary>
    private sealed record Line(string By, ModelMetrics Model, ModelMetrics? Decision, string? Domain, string? Language);
}
