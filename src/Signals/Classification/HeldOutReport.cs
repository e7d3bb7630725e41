using System.Globalization;
using Signals.Feeds;

namespace Signals.Classification;

/// <summary>
/// One line of the held-out report: a split, a domain or a language. <see cref="Model"/> is the probability at each row's domain
/// threshold; <see cref="Decision"/> the worker's category adverse-event; both carry the probability's AP and best-threshold F1.
/// </summary>
public sealed record HeldOutGroup(string By, string Key, ModelMetrics Model, ModelMetrics Decision)
{
    /// <summary>What the threshold and the rules cost against the best any threshold reaches on the same rows (an oracle).</summary>
    public double Cost => Math.Round((Decision.Best?.F1 ?? 0) - Decision.F1, 4);
}

/// <summary>
/// The held-out splits read the way the outside check reads real posts (issue 27): per domain (social, review, case report)
/// and per language (en, fr), the worker decision's F1 beside the model's best-threshold F1 and average precision, so a rule
/// or threshold that costs F1 shows up ("decision 0.49 vs best threshold 0.52: the threshold costs 0.03").
/// </summary>
public static class HeldOutReport
{
    public const string BySplit = "split", ByDomain = "domain", ByLanguage = "language";

    public static IReadOnlyList<HeldOutGroup> Measure(AdverseEventModel model, PostDecider decider, IEnumerable<(string Name, IReadOnlyList<LabelledSentence> Rows)> splits)
    {
        var scored = new List<Scored>();
        foreach (var (name, rows) in splits.Where(s => s.Rows.Count > 0))
        {
            var domain = rows[0].Domain; // a split is one corpus, so one domain
            var texts = rows.Select(r => r.Text).ToList();
            var probabilities = model.Score(texts, domain);
            var threshold = model.ThresholdFor(domain);
            var decided = decider.Decide(texts, probabilities, threshold);
            scored.AddRange(rows.Select((r, i) => new Scored(name, r.Corpus, domain, LanguageOf(r), r.Label, probabilities[i], threshold, decided[i] == PostCategory.AdverseEvent)));
        }
        return
        [
            .. scored.GroupBy(s => s.Split).Select(g => Group(BySplit, g.First().Corpus, g.Key, g.ToList())),
            .. scored.GroupBy(s => s.Domain).OrderBy(g => PostDomain.All.ToList().IndexOf(g.Key))
                .Select(g => Group(ByDomain, g.Key, $"domain {g.Key} ({Sources(g)})", g.ToList())),
            .. scored.GroupBy(s => s.Language).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Group(ByLanguage, g.Key, $"language {g.Key} ({Sources(g)})", g.ToList())),
        ];
    }

    /// <summary>
    /// The language of a labelled row: its corpus's where the corpus is known (SMM4H-fr and the French sample are French, the
    /// rest English), else the worker's own guess (<see cref="PostLanguage.Guess"/>), "und" when it cannot tell.
    /// </summary>
    public static string LanguageOf(LabelledSentence row) => row.Corpus switch
    {
        TrainingCorpora.SmmFrench or OtherEvaluations.FrenchSet => "fr",
        TrainingCorpora.PsyTar or TrainingCorpora.AdeCorpus or TrainingCorpora.SmmEnglish or "cadec" => "en",
        _ => PostLanguage.Guess(row.Text) ?? "und",
    };

    public static void Print(TextWriter to, IReadOnlyList<HeldOutGroup> groups)
    {
        if (groups.Count == 0) return;
        to.WriteLine("held out by split, domain and language — decision: the worker's category adverse-event; model: its probability at the domain's");
        to.WriteLine("threshold; best threshold: the best F1 one threshold reaches on these same rows (an oracle, never used to choose anything);");
        to.WriteLine("cost: best-threshold F1 minus decision F1 (what the chosen threshold and the rules cost); AP: average precision of the probability");
        to.WriteLine($"  {"rows",-20} {"n (+)",-13} {"decision P / R / F1",-22} {"model F1 (at)",-14} {"best F1 (at)",-14} {"cost",6} {"AP",6}");
        foreach (var g in groups)
        {
            var d = g.Decision;
            var at = g.Model.Threshold > 0 ? g.Model.Threshold.ToString("(0.00)", CultureInfo.InvariantCulture) : "(own)";
            to.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {g.By + " " + g.Key,-20} {$"{d.Examples} (+{d.Positives})",-13} {$"{d.Precision:0.000} / {d.Recall:0.000} / {d.F1:0.000}",-22} " +
                $"{$"{g.Model.F1:0.000} {at}",-14} {$"{d.Best?.F1 ?? 0:0.000} ({d.Best?.Threshold ?? 0:0.00})",-14} {g.Cost,6:0.000} {d.AveragePrecision,6:0.000}"));
        }
    }

    private static HeldOutGroup Group(string by, string key, string name, List<Scored> rows)
    {
        var probabilities = rows.Select(r => r.Probability).ToList();
        var labels = rows.Select(r => r.Label).ToList();
        // A group across domains has no one threshold (each row is judged at its domain's): 0 says so, and the printout says "own".
        var threshold = rows.Select(r => r.Threshold).Distinct().Count() == 1 ? rows[0].Threshold : 0;
        return new HeldOutGroup(by, key,
            ModelMetrics.From(name, probabilities, labels, rows.Select(r => r.Probability >= r.Threshold).ToList(), threshold),
            ModelMetrics.From($"{name}: worker decision (category adverse-event)", probabilities, labels, rows.Select(r => r.Decided).ToList(), threshold));
    }

    private static string Sources(IEnumerable<Scored> rows) => string.Join(", ", rows.Select(r => r.Corpus).Distinct());

    private sealed record Scored(string Split, string Corpus, string Domain, string Language, bool Label, float Probability, double Threshold, bool Decided);
}
