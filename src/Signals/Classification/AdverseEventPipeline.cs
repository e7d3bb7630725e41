using Microsoft.ML;
using Microsoft.ML.Transforms.Text;

namespace Signals.Classification;

/// <summary>
/// The featurisation and trainer of the adverse-event model, defined once: the transformer
/// saved by training carries it, so scoring cannot drift from what the model learned.
/// Word uni+bigrams catch phrases ("hair falling out"); character trigrams survive the
/// misspellings and inflections of patient writing.
/// </summary>
public static class AdverseEventPipeline
{
    public const string Trainer = "SdcaLogisticRegression";

    public static TextFeaturizingEstimator.Options FeaturizerOptions() => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        KeepDiacritics = false,
        KeepPunctuations = false,
        KeepNumbers = false,
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false },
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    public static IEstimator<ITransformer> Build(MLContext ml, int seed) =>
        ml.Transforms.Text.FeaturizeText("Features", FeaturizerOptions(), nameof(AdverseEventInput.Text))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(new Microsoft.ML.Trainers.SdcaLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(AdverseEventInput.Label),
                FeatureColumnName = "Features",
                L2Regularization = 1e-4f,
                MaximumNumberOfIterations = 30,
                NumberOfThreads = 1, // deterministic: the shipped model can be rebuilt bit for bit
            }));
}
