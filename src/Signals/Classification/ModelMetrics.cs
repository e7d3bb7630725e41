namespace Signals.Classification;

/// <summary>Metrics of the positive (adverse-event) class at the model's decision threshold, as written into the model card.</summary>
public sealed record ModelMetrics(
    string Split, int Examples, int Positives, double Threshold,
    double Precision, double Recall, double F1, double Auc, double Accuracy,
    long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    /// <summary>The model on labelled rows of one domain (the first row's), at that domain's threshold.</summary>
    public static ModelMetrics Evaluate(AdverseEventModel model, string split, IReadOnlyList<LabelledSentence> rows)
    {
        var domain = rows.Count == 0 ? PostDomain.Social : rows[0].Domain;
        return From(split, model.Score(rows.Select(r => r.Text).ToList(), domain), rows.Select(r => r.Label).ToList(), model.ThresholdFor(domain));
    }

    /// <summary>Average precision of the probabilities (<see cref="RankingMetrics.AveragePrecision"/>): the model's worth whatever the threshold.</summary>
    public double AveragePrecision { get; init; }

    /// <summary>The best F1 any one threshold reaches on these rows and that threshold: an oracle, printed to show what the decision costs.</summary>
    public BestThreshold? Best { get; init; }

    public static ModelMetrics From(string split, IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels, double threshold) =>
        From(split, probabilities, labels, probabilities.Select(p => p >= threshold).ToList(), threshold);

    /// <summary>
    /// Metrics of decisions made otherwise than by one threshold on the probability (the worker's category, or each domain at its
    /// own threshold), beside the probabilities' threshold-free metrics (AUC, AP, best threshold) on the same rows.
    /// </summary>
    public static ModelMetrics From(string split, IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels, IReadOnlyList<bool> decisions, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = decisions[i];
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
        return new ModelMetrics(split, labels.Count, (int)(tp + fn), Math.Round(threshold, 4),
            Round(precision), Round(recall), Round(f1), Round(AreaUnderRoc(probabilities, labels)), Round((double)(tp + tn) / Math.Max(1, labels.Count)),
            tp, fp, tn, fn)
        {
            AveragePrecision = Round(RankingMetrics.AveragePrecision(probabilities, labels)),
            Best = Rounded(RankingMetrics.BestF1(probabilities, labels)),
        };
    }

    /// <summary>
    /// F1 of the positive class at a threshold, for choosing one; counted here rather than through <c>From</c>, because a threshold
    /// search calls it a hundred times and the ranking metrics sort the rows each time.
    /// </summary>
    public static double F1At(IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels, double threshold)
    {
        long tp = 0, wrong = 0;
        for (var i = 0; i < labels.Count; i++)
            if (probabilities[i] >= threshold && labels[i]) tp++;
            else if (probabilities[i] >= threshold || labels[i]) wrong++;
        return tp == 0 ? 0 : Round(2.0 * tp / (2 * tp + wrong));
    }

    /// <summary>
    /// F1 at a threshold, averaged over sources weighed by their size: one source's many rows do not drown another's
    /// few, nor do a few rows count as a whole source. A source with no positive has no F1 and is left out.
    /// </summary>
    public static double MeanF1BySource(IEnumerable<(IReadOnlyList<float> Scores, IReadOnlyList<bool> Labels)> sources, double threshold)
    {
        double sum = 0, weight = 0;
        foreach (var (scores, labels) in sources)
        {
            if (!labels.Contains(true)) continue;
            sum += labels.Count * F1At(scores, labels, threshold);
            weight += labels.Count;
        }
        return weight == 0 ? 0 : sum / weight;
    }

    /// <summary>Area under the ROC curve: the chance a random positive scores above a random negative (ties count half).</summary>
    private static double AreaUnderRoc(IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => probabilities[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && probabilities[order[j]] == probabilities[order[i]]) j++;
            var rank = (i + j + 1) / 2.0; // mean 1-based rank of the tied run
            for (var k = i; k < j; k++)
                if (labels[order[k]]) { rankSum += rank; positives++; }
            i = j;
        }
        var negatives = labels.Count - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    private static double Round(double value) => double.IsNaN(value) ? 0 : Math.Round(value, 4);

    private static BestThreshold Rounded(BestThreshold b) => new(Round(b.F1), Math.Round(b.Threshold, 4), Round(b.Precision), Round(b.Recall));

    public override string ToString() =>
        $"{Split}: n={Examples} (+{Positives})  precision {Precision:F3}  recall {Recall:F3}  F1 {F1:F3}  AUC {Auc:F3}  AP {AveragePrecision:F3}  at {Threshold:F2}  " +
        $"[TP {TruePositives} FP {FalsePositives} TN {TrueNegatives} FN {FalseNegatives}]";
}
