using Microsoft.ML.Data;

namespace Signals.Classification;

/// <summary>
/// The one input schema of the adverse-event model, for training and for scoring alike: always made by
/// <see cref="AdverseEventFeaturizer.Input"/>, so the columns a model was trained on are the columns it is scored on.
/// </summary>
public sealed class AdverseEventInput
{
    public string Text { get; set; } = "";

    /// <summary>The folded words with drugs, events and clinical findings replaced by DRUG, EVENT and FINDING.</summary>
    public string Masked { get; set; } = "";

    /// <summary>Lexicon and cue-word features (<see cref="AdverseEventFeaturizer.Names"/>).</summary>
    [VectorType(AdverseEventFeaturizer.Size)] public float[] Lexicon { get; set; } = new float[AdverseEventFeaturizer.Size];

    public bool Label { get; set; }

    /// <summary>Training weight (class and corpus balance); unused when scoring.</summary>
    public float Weight { get; set; } = 1;
}
