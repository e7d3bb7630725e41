namespace Signals.Classification;

/// <summary>
/// What a model's scores are worth whatever threshold is chosen. F1 at a threshold chosen on dev rows moves ±0.05 on
/// threshold noise alone (issue 27), so two models are compared by average precision, and a decision (a threshold, a rule)
/// is judged against the best F1 any threshold reaches on the same rows — an oracle: chosen on the rows it is measured on,
/// it is printed to show what the decision costs, never used to choose anything.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// Average precision as scikit-learn's <c>average_precision_score</c> defines it: Σ (Rₖ − Rₖ₋₁) Pₖ over the distinct scores
    /// from the highest down (tied scores enter together), step-wise, without interpolation. No positive: 0 (scikit-learn sets
    /// recall to 1 everywhere, so every step is 0); no row: 0.
    /// </summary>
    public static double AveragePrecision(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        if (positives == 0) return 0;
        double sum = 0, lastRecall = 0;
        foreach (var (_, tp, fp) in Cuts(scores, labels))
        {
            var recall = (double)tp / positives;
            sum += (recall - lastRecall) * tp / (tp + fp);
            lastRecall = recall;
        }
        return sum;
    }

    /// <summary>
    /// The best F1 of "score ≥ threshold" over every threshold that changes a prediction (the distinct scores), the highest
    /// threshold on a tie. No positive: F1 0 at threshold 1 (nothing is a report).
    /// </summary>
    public static BestThreshold BestF1(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        var best = new BestThreshold(0, 1, 0, 0);
        if (positives == 0) return best;
        foreach (var (score, tp, fp) in Cuts(scores, labels))
        {
            var f1 = 2.0 * tp / (2 * tp + fp + (positives - tp));
            if (f1 > best.F1) best = new BestThreshold(f1, score, (double)tp / (tp + fp), (double)tp / positives);
        }
        return best;
    }

    /// <summary>Each distinct score from the highest down, with the true and false positives of "score ≥ it".</summary>
    private static IEnumerable<(float Score, long TruePositives, long FalsePositives)> Cuts(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, labels.Count).OrderByDescending(i => scores[i]).ToArray();
        long tp = 0, fp = 0;
        for (var i = 0; i < order.Length;)
        {
            var score = scores[order[i]];
            for (; i < order.Length && scores[order[i]] == score; i++)
                if (labels[order[i]]) tp++; else fp++;
            yield return (score, tp, fp);
        }
    }
}

/// <summary>The best F1 on some rows, the threshold that reached it and its precision and recall there (an oracle).</summary>
public sealed record BestThreshold(double F1, double Threshold, double Precision, double Recall);
