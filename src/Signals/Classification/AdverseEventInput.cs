using Microsoft.ML.Data;

namespace Signals.Classification;

/// <summary>The one input schema of the adverse-event model, for training and for scoring alike.</summary>
public sealed class AdverseEventInput
{
    [LoadColumn(0)] public string Text { get; set; } = "";
    [LoadColumn(1)] public bool Label { get; set; }
}
