using System.Globalization;
using Signals.Classification;

namespace Signals.Worker.Commands;

/// <summary>
/// What <c>train</c> prints after writing a candidate: the candidate against the live model on the same rows — the held-out
/// splits of the shared corpora, or a data scientist's files (the candidate's out-of-fold scores there, the live model never
/// saw them) — each model at its own thresholds, so "better" is a number before anyone ships it; and by average precision, which
/// compares the models whatever their thresholds.
/// </summary>
internal static class ModelComparison
{
    /// <summary>Prints the comparison and returns the worker decision's F1 of both models on each split (what the promotion rule reads).</summary>
    public static IReadOnlyList<Signals.Learning.SplitComparison> Print(TextWriter to, TrainedModel candidate, string livePath)
    {
        if (!File.Exists(livePath))
        {
            to.WriteLine($"no live model at {Path.GetFullPath(livePath)} to compare with");
            return [];
        }
        var decider = PostDecider.Shipped();
        var decisions = new List<Signals.Learning.SplitComparison>();
        var live = AdverseEventModel.Load(livePath, new AdverseEventFeaturizer());
        to.WriteLine($"compared with the live model {live.Version} ({Path.GetFullPath(livePath)}) on the same rows, each at its own threshold:");
        foreach (var (name, rows) in candidate.HeldOutRows.Where(h => h.Rows.Count > 0))
        {
            var mine = candidate.Card.HeldOut.FirstOrDefault(m => m.Split == name)
                ?? candidate.Card.CrossValidated.FirstOrDefault(m => name.StartsWith(m.Split.Split(' ')[0] + " ", StringComparison.Ordinal))
                ?? ModelMetrics.Evaluate(candidate.Model, name, rows);
            var theirs = ModelMetrics.Evaluate(live, name, rows);
            // F1 at a chosen threshold moves ±0.05 on threshold noise alone (issue 27); AP does not depend on the threshold: it is
            // the comparison of the models, F1 that of the decisions they ship with.
            to.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}, {rows.Count} rows: candidate F1 {mine.F1:0.000} (precision {mine.Precision:0.000}, recall {mine.Recall:0.000}), AP {mine.AveragePrecision:0.000}; " +
                $"live F1 {theirs.F1:0.000} (precision {theirs.Precision:0.000}, recall {theirs.Recall:0.000}), AP {theirs.AveragePrecision:0.000}; " +
                $"difference {mine.F1 - theirs.F1:+0.000;-0.000;0.000} F1, {mine.AveragePrecision - theirs.AveragePrecision:+0.000;-0.000;0.000} AP"));
            var decision = Signals.Learning.Promotion.Compare(decider, candidate.Model, live, name, rows);
            decisions.Add(decision);
            to.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    worker decision: candidate F1 {decision.CandidateF1:0.000}, live F1 {decision.LiveF1:0.000}, difference {decision.Difference:+0.000;-0.000;0.000}"));
        }
        return decisions;
    }
}
