namespace Signals.Classification.Translation;

/// <summary>
/// How a French post's score joins the English score of its Apertium translation, written by <c>signals train</c>
/// (<see cref="TranslationTraining"/>) from training rows only: <c>Weight × english + (1 − Weight) × french</c>, judged at
/// <see cref="Threshold"/>, then moved by (<see cref="ModelThreshold"/> − Threshold) so that the model's one social threshold
/// decides translated and untranslated posts alike. Both scores are the model's own for social posts (<c>AdverseEventModel.Score</c>):
/// the French n-gram score of the original, and whatever the English path gives the translation.
/// </summary>
public sealed record TranslationCard(
    string Engine, IReadOnlyDictionary<string, string> Packages, double Weight, double Threshold, double ModelThreshold,
    IReadOnlyList<ModelMetrics> CrossValidated, string Rule)
{
    public float Combine(float french, float english) =>
        (float)Math.Clamp(Weight * english + (1 - Weight) * french + (ModelThreshold - Threshold), 0, 1);
}
