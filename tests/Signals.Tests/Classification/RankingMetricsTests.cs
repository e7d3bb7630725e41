using Signals.Classification;

namespace Signals.Tests.Classification;

/// <summary>Average precision as scikit-learn computes it, and the best-threshold F1, against values worked out by hand.</summary>
public sealed class RankingMetricsTests
{
    private static bool[] Labels(params int[] labels) => labels.Select(l => l == 1).ToArray();

    [Test]
    public void Average_precision_is_the_step_sum_of_precision_over_recall_gained()
    {
        // scikit-learn's own example (average_precision_score docs): cuts 0.8 (P 1, R .5), 0.4 (P .5, R .5), 0.35 (P 2/3, R 1)
        // → .5 × 1 + 0 × .5 + .5 × 2/3 = 0.8333.
        var ap = RankingMetrics.AveragePrecision([0.1f, 0.4f, 0.35f, 0.8f], Labels(0, 0, 1, 1));
        Assert.That(ap, Is.EqualTo(0.5 + 0.5 * 2 / 3.0).Within(1e-12));
    }

    [Test]
    public void Average_precision_takes_tied_scores_together_whatever_their_order()
    {
        // A positive listed before a negative of the same score: taken one row at a time the positive would count at
        // precision 1 (AP 1.0); tied, the cut at 0.5 has 2 positives and 1 negative: .5 × 1 + .5 × 2/3.
        float[] scores = [0.9f, 0.5f, 0.5f, 0.1f];
        Assert.That(RankingMetrics.AveragePrecision(scores, Labels(1, 1, 0, 0)), Is.EqualTo(0.5 + 0.5 * 2 / 3.0).Within(1e-12));
        Assert.That(RankingMetrics.AveragePrecision(scores, Labels(1, 0, 1, 0)), Is.EqualTo(0.5 + 0.5 * 2 / 3.0).Within(1e-12));
    }

    [Test]
    public void Average_precision_with_every_score_tied_is_the_share_of_positives()
    {
        Assert.That(RankingMetrics.AveragePrecision([0.3f, 0.3f, 0.3f, 0.3f, 0.3f], Labels(1, 0, 0, 1, 0)), Is.EqualTo(0.4).Within(1e-12));
    }

    [Test]
    public void Average_precision_is_zero_without_a_positive_and_one_when_all_are_positive()
    {
        // scikit-learn: no positive sets recall to 1 at every cut, so no step adds anything; all positive: precision 1 throughout.
        Assert.That(RankingMetrics.AveragePrecision([0.9f, 0.2f, 0.5f], Labels(0, 0, 0)), Is.EqualTo(0));
        Assert.That(RankingMetrics.AveragePrecision([0.9f, 0.2f, 0.2f], Labels(1, 1, 1)), Is.EqualTo(1));
        Assert.That(RankingMetrics.AveragePrecision([], []), Is.EqualTo(0));
    }

    [Test]
    public void Best_threshold_F1_is_the_best_of_every_threshold_tried_one_by_one()
    {
        var random = new Random(27);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(1, 60);
            // Scores on a coarse grid, so ties are common; positives score a little higher on average.
            var labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3).ToArray();
            var scores = labels.Select(l => (float)(Math.Round(Math.Min(1, random.NextDouble() * 0.8 + (l ? 0.2 : 0)) * 20) / 20)).ToArray();

            var best = RankingMetrics.BestF1(scores, labels);

            var bruteForce = scores.Distinct().Append(2f).Max(t => F1(scores, labels, t));
            Assert.That(best.F1, Is.EqualTo(bruteForce).Within(1e-12), $"trial {trial}");
            Assert.That(F1(scores, labels, best.Threshold), Is.EqualTo(best.F1).Within(1e-12), $"trial {trial}: F1 at the threshold it names");
        }
    }

    [Test]
    public void Best_threshold_F1_without_a_positive_is_zero()
    {
        var best = RankingMetrics.BestF1([0.9f, 0.1f], Labels(0, 0));
        Assert.That((best.F1, best.Threshold), Is.EqualTo((0.0, 1.0)));
    }

    [Test]
    public void A_decision_below_the_best_threshold_shows_what_it_costs()
    {
        float[] scores = [0.9f, 0.8f, 0.6f, 0.4f, 0.3f, 0.2f];
        var labels = Labels(1, 1, 0, 1, 0, 0);
        // At 0.5: TP 2, FP 1, FN 1 → F1 2/3; at 0.4 every positive is in with one negative: F1 6/7.
        var metrics = ModelMetrics.From("toy", scores, labels, 0.5);
        Assert.That(metrics.F1, Is.EqualTo(0.6667));
        Assert.That(metrics.Best, Is.EqualTo(new BestThreshold(0.8571, 0.4, 0.75, 1)));
        Assert.That(metrics.AveragePrecision, Is.EqualTo(Math.Round((1 + 1 + 0.75) / 3, 4)));
    }

    private static double F1(float[] scores, bool[] labels, double threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] >= threshold && labels[i]) tp++;
            else if (scores[i] >= threshold) fp++;
            else if (labels[i]) fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
    }
}
