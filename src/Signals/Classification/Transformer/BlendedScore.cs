namespace Signals.Classification.Transformer;

/// <summary>
/// How the n-gram model and the fine-tuned MiniLM decide together, per domain, as chosen by training on the dev rows
/// (a tenth of the training data the fine-tune never saw; the n-gram side out-of-fold): an English post gets
/// (1 − <see cref="Weight"/>) × n-gram + <see cref="Weight"/> × MiniLM, judged against <see cref="Threshold"/>; a French
/// post, or one past the worker's budget, keeps its n-gram probability moved by (Threshold − <see cref="NgramThreshold"/>),
/// so that the one threshold decides every post as its own model would.
/// </summary>
/// <param name="RuleFloor">
/// The fused score from which the decision's cue rules (<see cref="PostCategorizer"/>: "X gave me", an event with "I" and
/// "since", an injection-site reaction) may still make a fused post a report below <see cref="Threshold"/>. The rules were
/// written for the n-gram model, which knew little of how people tell what a drug did to them; the fused model reads that
/// itself, and on English tweets the rules added false positives. Chosen on the dev rows with the worker's decision;
/// null (cards before it): the rules count at any score. Posts the n-gram model decides alone (French ones, posts past the
/// budget) keep the rules at any score: a floor chosen on the French training posts (smm4h-fr) learned their forums' style
/// and halved the recall of first-person French reports (docs/classifier.md).
/// </param>
public sealed record BlendedScore(double NgramThreshold, double Threshold, double Weight, double? RuleFloor = null)
{
    public float Blend(float ngram, float transformer) => (float)((1 - Weight) * ngram + Weight * transformer);

    public float NgramOnly(float ngram) => (float)Math.Clamp(ngram + (Threshold - NgramThreshold), 0, 1);
}
