using Signals.Classification;
using Signals.Classification.Linear;

namespace Signals.Learning;

/// <summary>
/// Learning from analysts' verdicts in seconds instead of the full retraining's minutes: the live model's n-gram weights are
/// the starting point, and the verdicts move them under an L2 pull toward where they were (a Gaussian prior centred on the
/// shipped model, of precision <see cref="Pull"/> in log-odds). Minimised: Σ log-loss(verdict, log-odds₀ + u·x + b) + Σ over anchors (<see cref="Anchor"/>) of the log-loss
/// against their starting probability +
/// Pull/2·(|u|² + b²), over the buckets the verdicts touch; the calibration and the decision thresholds stay those that
/// <c>train</c> chose. Why not refit on everything: one fit on the shared corpora takes about four CPU-minutes, a learning
/// curve needs dozens; and a few hundred verdicts would be a drop in twenty thousand training rows, whereas the pull lets
/// them move the posts they resemble while the rest of the model keeps what it learned. With a fine-tuned MiniLM the same
/// verdicts and anchors also correct its head (<see cref="HeadUpdate"/>): for English posts it carries most of the score.
/// </summary>
public static class VerdictUpdate
{
    /// <summary>
    /// The prior's precision: a verdict on a post the model scores at 0.5 moves that post's log-odds by about 0.5·|x|²/Pull
    /// ≈ 1 (|x|² ≈ 2–3: two unit-length n-gram views and the lexicon features), i.e. one answer can tip the post it was given on
    /// and its near neighbours, not the rest of the model.
    /// </summary>
    public const double Pull = 1.0;

    /// <summary>
    /// Every verdict counts once. Train weighs positives twice, and its thresholds are chosen for that; here the thresholds stay and
    /// weighing positives twice raised every post's probability, buying recall with precision (on the tuning half of the
    /// smm4h-en pool, docs/classifier.md).
    /// </summary>
    public const float VerdictWeight = 1;

    /// <summary>
    /// An anchor: an unjudged post whose target is the starting model's own probability. Verdicts alone shift the log-odds of
    /// posts unlike them too (through the shared lexicon features and common character n-grams), so the thresholds train chose no
    /// longer fit; a sample of unjudged posts held to their old probabilities keeps the model where no verdict speaks.
    /// </summary>
    public static Prepared Anchor(AdverseEventModel model, AdverseEventFeaturizer featurizer, string text, SparseFeatures scratch) =>
        Prepare(model, featurizer, text, false, scratch) with { Anchor = true };

    /// <summary>One verdict as the update reads it: its features and the base model's log-odds, computed once.</summary>
    public sealed record Prepared(int[] Keys, float[] Values, double BaseLogOdds, bool Label, float Weight)
    {
        /// <summary>An anchor: an unjudged post whose target is the base model's own probability.</summary>
        public bool Anchor { get; init; }

        /// <summary>What MiniLM's head reads of the post (<see cref="WithHead"/>); null when MiniLM does not score it.</summary>
        public HeadUpdate.Row? Head { get; init; }
    }

    /// <summary>
    /// The verdicts and anchors of <paramref name="texts"/> (in order) with what MiniLM's head needs — pooled embedding and starting
    /// probability, from one run of the graph — for the English posts the fused model asks MiniLM about; unchanged when the model
    /// has no MiniLM or its graph no embedding output (<see cref="Classification.Transformer.MiniLmScorer.NoHeadReason"/>).
    /// </summary>
    public static IReadOnlyList<Prepared> WithHead(AdverseEventModel model, IReadOnlyList<Prepared> prepared, IReadOnlyList<string> texts)
    {
        if (model.Blend(PostDomain.Social) is null) return prepared;
        var english = Enumerable.Range(0, texts.Count).Where(i => !AdverseEventModel.IsFrench(texts, null, i)).ToList();
        if (english.Count == 0 || model.Embed(english.Select(i => texts[i]).ToList()) is not { Embeddings: { } embeddings } outputs) return prepared;
        var result = prepared.ToArray();
        for (var k = 0; k < english.Count; k++)
        {
            var v = prepared[english[k]];
            result[english[k]] = v with
            {
                Head = v.Anchor ? HeadUpdate.AnchorAt(outputs.Probabilities[k], embeddings[k]) : HeadUpdate.Verdict(outputs.Probabilities[k], embeddings[k], v.Label),
            };
        }
        return result;
    }

    public static Prepared Prepare(AdverseEventModel model, AdverseEventFeaturizer featurizer, string text, bool label, SparseFeatures scratch)
    {
        NgramHasher.Features(featurizer.Input(text, domain: PostDomain.Social), model.Linear.Bits, scratch);
        var p = Math.Clamp(model.Linear.Probability(scratch), 1e-6, 1 - 1e-6);
        return new Prepared(scratch.Keys.ToArray(), scratch.Values.ToArray(), Math.Log(p / (1 - p)), label, VerdictWeight);
    }

    /// <summary>The model moved by the verdicts; with none, the model itself.</summary>
    public static LinearModel Fit(LinearModel model, IReadOnlyList<Prepared> verdicts, double pull = Pull)
    {
        if (verdicts.Count == 0) return model;
        var index = new Dictionary<int, int>();
        var rows = verdicts.Select(v => (Local: v.Keys.Select(k => index.TryGetValue(k, out var i) ? i : index[k] = index.Count).ToArray(), v)).ToList();
        var n = index.Count + 1; // the last variable is the bias
        var u = Lbfgs.Minimize((x, g) =>
        {
            Array.Clear(g);
            double loss = 0;
            foreach (var (local, v) in rows)
            {
                var z = v.BaseLogOdds + x[n - 1];
                for (var j = 0; j < local.Length; j++) z += x[local[j]] * v.Values[j];
                var w = v.Weight;
                var t = v.Anchor ? Sigmoid(v.BaseLogOdds) : v.Label ? 1 : 0;
                loss += w * (Softplus(z) - t * z);
                var d = w * (Sigmoid(z) - t);
                for (var j = 0; j < local.Length; j++) g[local[j]] += d * v.Values[j];
                g[n - 1] += d;
            }
            for (var i = 0; i < n; i++)
            {
                var l = pull;
                loss += l / 2 * x[i] * x[i];
                g[i] += l * x[i];
            }
            return loss;
        }, n);
        return model.Shifted(index.ToDictionary(kv => kv.Key, kv => u[kv.Value]), u[n - 1]);
    }

    /// <summary>
    /// The whole model moved by the verdicts: its n-gram part, and MiniLM's head by those prepared <see cref="WithHead"/>
    /// (<see cref="HeadUpdate"/>, on top of any correction the model has); the network, the card's thresholds and blend unchanged.
    /// </summary>
    public static AdverseEventModel Apply(AdverseEventModel model, IReadOnlyList<Prepared> verdicts, ModelCard? card = null)
    {
        var head = HeadUpdate.Fit(verdicts.Where(v => v.Head is not null).Select(v => v.Head!).ToList());
        var combined = head is null ? model.Head : model.Head?.Then(head) ?? head;
        return model.With(Fit(model.Linear, verdicts), combined, card ?? model.Card, $"{model.Version}+{verdicts.Count(v => !v.Anchor)} verdicts");
    }

    private static double Softplus(double z) => z > 30 ? z : Math.Log(1 + Math.Exp(z));

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
