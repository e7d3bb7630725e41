using Microsoft.ML;
using Microsoft.ML.Data;

namespace Signals.Classification;

/// <summary>Held-out metrics as written into the model card.</summary>
public sealed record ModelMetrics(
    string Split, int Examples, int Positives,
    double Precision, double Recall, double F1, double Auc, double Accuracy,
    long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public static ModelMetrics Evaluate(MLContext ml, ITransformer model, string split, IReadOnlyList<LabelledSentence> rows)
    {
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new AdverseEventInput { Text = r.Text, Label = r.Label }));
        var m = ml.BinaryClassification.Evaluate(model.Transform(data), nameof(AdverseEventInput.Label));
        var c = m.ConfusionMatrix.Counts; // rows: actual positive, negative; columns: predicted positive, negative
        return new ModelMetrics(split, rows.Count, rows.Count(r => r.Label),
            Round(m.PositivePrecision), Round(m.PositiveRecall), Round(m.F1Score), Round(m.AreaUnderRocCurve), Round(m.Accuracy),
            (long)c[0][0], (long)c[1][0], (long)c[1][1], (long)c[0][1]);
    }

    private static double Round(double value) => double.IsNaN(value) ? 0 : Math.Round(value, 4);

    public override string ToString() =>
        $"{Split}: n={Examples} (+{Positives})  precision {Precision:F3}  recall {Recall:F3}  F1 {F1:F3}  AUC {Auc:F3}  " +
        $"[TP {TruePositives} FP {FalsePositives} TN {TrueNegatives} FN {FalseNegatives}]";
}
