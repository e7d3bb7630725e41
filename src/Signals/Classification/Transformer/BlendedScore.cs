namespace Signals.Classification.Transformer;

/// <summary>
/// How the n-gram model and the fine-tuned MiniLM decide together, per domain, as chosen by training on the dev rows
/// (a tenth of the training data the fine-tune never saw; the n-gram side out-of-fold): an English post gets
/// (1 − <see cref="Weight"/>) × n-gram + <see cref="Weight"/> × MiniLM, judged against <see cref="Threshold"/>; a French
/// post, or one past the worker's budget, keeps its n-gram probability moved by (Threshold − <see cref="NgramThreshold"/>),
/// so that the one threshold decides every post as its own model would.
/// </summary>
public sealed record BlendedScore(double NgramThreshold, double Threshold, double Weight)
{
    public float Blend(float ngram, float transformer) => (float)((1 - Weight) * ngram + Weight * transformer);

    public float NgramOnly(float ngram) => (float)Math.Clamp(ngram + (Threshold - NgramThreshold), 0, 1);
}
