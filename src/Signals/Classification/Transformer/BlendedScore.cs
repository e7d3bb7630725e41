namespace Signals.Classification.Transformer;

/// <summary>
/// How the n-gram model and the fine-tuned MiniLM decide together, per domain, as chosen by training on the dev rows
/// (a tenth of the training data the fine-tune never saw; the n-gram side out-of-fold): a post whose n-gram probability
/// lies in [<see cref="Low"/>, <see cref="High"/>) — the unsure ones — is scored by both and gets their mean, judged
/// against <see cref="Threshold"/>; any other post, or one past the budget, keeps its n-gram probability moved by
/// (Threshold − <see cref="NgramThreshold"/>), so that the one threshold decides every post as its own model would.
/// </summary>
public sealed record BlendedScore(double NgramThreshold, double Threshold, double Low, double High)
{
    public bool IsUnsure(float ngram) => ngram >= Low && ngram < High;

    public float Blend(float ngram, float transformer) => (ngram + transformer) / 2;

    public float NgramOnly(float ngram) => (float)Math.Clamp(ngram + (Threshold - NgramThreshold), 0, 1);
}
