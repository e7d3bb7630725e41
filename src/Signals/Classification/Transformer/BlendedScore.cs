namespace Signals.Classification.Transformer;

/// <summary>
/// How the n-gram model and the fine-tuned MiniLM decide together, per domain, as chosen by training
/// (<see cref="TransformerBlend"/>: on out-of-fold scores of every training row, both models', when a fine-tune per fold
/// is given; else on the dev tenth the fine-tune never saw): an English post gets
/// (1 − <see cref="Weight"/>) × n-gram + <see cref="Weight"/> × MiniLM, judged against <see cref="Threshold"/>; a French
/// post, or one past the worker's budget, keeps its n-gram probability moved by (Threshold − <see cref="NgramThreshold"/>),
/// so that the one threshold decides every post as its own model would.
/// </summary>
/// <param name="RuleFloor">
/// The fused score from which the decision's cue rules (<see cref="PostCategorizer"/>: "X gave me", an event with "I" and
/// "since", an injection-site reaction) may still make a fused post a report below <see cref="Threshold"/>. The rules were
/// written for the n-gram model, which knew little of how people tell what a drug did to them; the fused model reads that
/// itself, and on English tweets the rules added false positives. Chosen with the weight, on the same rows, by the worker's decision;
/// null (cards before it): the rules count at any score. Posts the n-gram model decides alone (French ones, posts past the
/// budget) keep the rules at any score: a floor chosen on the French training posts (smm4h-fr) learned their forums' style
/// and halved the recall of first-person French reports (docs/classifier.md).
/// </param>
public sealed record BlendedScore(double NgramThreshold, double Threshold, double Weight, double? RuleFloor = null)
{
    public float Blend(float ngram, float transformer) => (float)((1 - Weight) * ngram + Weight * transformer);

    public float NgramOnly(float ngram) => (float)Math.Clamp(ngram + (Threshold - NgramThreshold), 0, 1);

    /// <summary>
    /// The scores of a batch: post i fused where <paramref name="transformer"/> gives its MiniLM probability, carrying the rule
    /// floor; else the n-gram decision (floor 0). One rule for the worker and for training's choice of the blend.
    /// </summary>
    public ModelScores Scores(IReadOnlyList<float> ngram, Func<int, float?> transformer)
    {
        var scores = new float[ngram.Count];
        var floor = (float)(RuleFloor ?? 0);
        var floors = RuleFloor is null ? null : new float[ngram.Count];
        for (var i = 0; i < ngram.Count; i++)
            if (transformer(i) is { } t)
            {
                scores[i] = Blend(ngram[i], t);
                if (floors is not null) floors[i] = floor;
            }
            else scores[i] = NgramOnly(ngram[i]);
        return new ModelScores(scores, floors);
    }
}
