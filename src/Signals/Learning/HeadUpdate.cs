using System.Security.Cryptography;
using System.Text;
using Signals.Classification;
using Signals.Classification.Transformer;
using Signals.Feeds;

namespace Signals.Learning;

/// <summary>
/// Verdicts reach the fine-tuned MiniLM: for English social posts the fused score is mostly MiniLM's (0.80 of it in the
/// shipped model), so a verdict that moves only the n-gram weights can hardly move a decision. The network stays as fine-tuned; its classification
/// head gets a correction (<see cref="HeadCorrection"/>): new logit = logit(p₀) + Δw·e + Δb, e the pooled embedding the head
/// reads. Minimised by L-BFGS: Σ over verdicts of log-loss(verdict, z) + Σ over anchors of log-loss(p₀, z) + Pull/2·(|Δw|² + Δb²),
/// as <see cref="VerdictUpdate"/> does for the n-gram weights: a Gaussian prior centred on the shipped head, and anchors
/// (unjudged posts held to their starting probability) so that the thresholds train chose still fit where no verdict speaks.
/// </summary>
public static class HeadUpdate
{
    /// <summary>
    /// The prior's precision. MiniLM's pooled embeddings are long and alike (|e|² about 80, 23–127, and any two posts' cosine
    /// about 0.33, on 500 smm4h-en tweets), so a lone verdict on a post at p₀ = 0.5 moves its own logit by about 0.5·|e|²/Pull
    /// and every other post by a share of that. The shipped head was fitted on ~15,500 tweets of the same kind, and a weak pull
    /// unlearns it: chosen on the tuning half of the smm4h-en pool only (1,000 pool and 976 test tweets; the test half of
    /// docs/classifier.md chose nothing), among 1, 10, 40, 100 and 400: from 1 to 40 the model's AUC fell as verdicts came
    /// (0.938 → 0.915 at 400 uncertainty verdicts with 1), from 100 it held; at 100 a lone verdict still moves its post's
    /// logit by ~0.4 (400 barely moved anything past 100 verdicts).
    /// </summary>
    public const double Pull = 100;

    /// <summary>One post as the head update reads it: the embedding, the starting logit, and the target (a label, or an anchor's own p₀).</summary>
    public sealed record Row(float[] Embedding, double BaseLogit, double Target, bool Anchor);

    /// <summary>A verdict on a post MiniLM scored <paramref name="probability"/> (head-corrected, if the model already was).</summary>
    public static Row Verdict(float probability, float[] embedding, bool label) => new(embedding, Logit(probability), label ? 1 : 0, false);

    /// <summary>An unjudged post held to its starting probability.</summary>
    public static Row AnchorAt(float probability, float[] embedding) => new(embedding, Logit(probability), Sigmoid(Logit(probability)), true);

    /// <summary>The correction the verdicts ask for, on top of the starting head; null without a verdict.</summary>
    public static HeadCorrection? Fit(IReadOnlyList<Row> rows, double pull = Pull)
    {
        var verdicts = rows.Count(r => !r.Anchor);
        if (verdicts == 0) return null;
        const int n = HeadCorrection.Dimensions + 1; // the last variable is Δb
        var x = Lbfgs.Minimize((delta, g) =>
        {
            Array.Clear(g);
            double loss = 0;
            foreach (var row in rows)
            {
                var z = row.BaseLogit + delta[n - 1];
                var e = row.Embedding;
                for (var j = 0; j < e.Length; j++) z += delta[j] * e[j];
                loss += Softplus(z) - row.Target * z;
                var d = Sigmoid(z) - row.Target;
                for (var j = 0; j < e.Length; j++) g[j] += d * e[j];
                g[n - 1] += d;
            }
            for (var i = 0; i < n; i++)
            {
                loss += pull / 2 * delta[i] * delta[i];
                g[i] += pull * delta[i];
            }
            return loss;
        }, n);
        return new HeadCorrection(x.Take(n - 1).Select(v => (float)v).ToArray(), x[n - 1], verdicts, rows.Count - verdicts, pull);
    }

    /// <summary>
    /// <c>train --verdicts</c>: the correction the training verdicts (<see cref="AnalystVerdict.Corpus"/> rows, English) ask of
    /// the raw graph, with <see cref="AnchorCount"/> of the other English social training rows (a fixed sample by a hash of
    /// the text) as anchors; null without such verdicts or when the graph has no embedding output.
    /// </summary>
    public static HeadCorrection? FromTraining(IReadOnlyList<LabelledSentence> rows, MiniLmScorer miniLm)
    {
        static bool English(LabelledSentence r) => PostLanguage.Guess(r.Text) != "fr";
        var verdicts = rows.Where(r => r.Corpus == AnalystVerdict.Corpus && English(r)).ToList();
        if (verdicts.Count == 0 || !miniLm.HasEmbedding) return null;
        var anchors = rows.Where(r => r.Corpus != AnalystVerdict.Corpus && r.Domain == PostDomain.Social && English(r))
            .OrderBy(r => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(r.Text)))).Take(AnchorCount).ToList();
        var outputs = miniLm.ScoreWithEmbeddings([.. verdicts.Select(r => r.Text), .. anchors.Select(r => r.Text)]);
        return Fit([
            .. verdicts.Select((r, i) => Verdict(outputs.Probabilities[i], outputs.Embeddings![i], r.Label)),
            .. anchors.Select((_, i) => AnchorAt(outputs.Probabilities[verdicts.Count + i], outputs.Embeddings![verdicts.Count + i])),
        ]);
    }

    /// <summary>How many unjudged posts train holds to their probability (learning-curve holds as many pool posts: <see cref="LearningCurve.AnchorCount"/>).</summary>
    public const int AnchorCount = LearningCurve.AnchorCount;

    private static double Logit(float p)
    {
        var q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(q / (1 - q));
    }

    private static double Softplus(double z) => z > 30 ? z : Math.Log(1 + Math.Exp(z));

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
