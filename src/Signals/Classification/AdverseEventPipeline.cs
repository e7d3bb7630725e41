using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms.Text;

namespace Signals.Classification;

/// <summary>
/// The featurisation and trainer of the adverse-event model, defined once: the transformer saved by
/// training carries it, so scoring cannot drift from what the model learned. Three views of a text:
/// its words (1-2-grams: "hair falling out") and characters (1-5-grams: they survive the misspellings and
/// inflections of patient writing), the masked words (1-3-grams over DRUG/EVENT/FINDING: "DRUG induced
/// FINDING" learned once for every drug), and the dense lexicon features of <see cref="AdverseEventFeaturizer"/>.
/// </summary>
public static class AdverseEventPipeline
{
    public const string Linear = "LbfgsLogisticRegression";
    public const string Trees = "LightGbm";
    public const float L2 = 0.01f;

    public static readonly IReadOnlyDictionary<string, string> Description = new Dictionary<string, string>
    {
        ["text"] = "FeaturizeText: lower case, no diacritics, word 1-2-grams + char 1-5-grams, L2 norm",
        ["masked"] = "word 1-3-grams over the text with drugs, events and clinical findings masked (Lexicon/*.txt, INN stems, clinical suffixes)",
        ["lexicon"] = $"{AdverseEventFeaturizer.Size} dense features: {string.Join(", ", AdverseEventFeaturizer.Names)}",
        ["weights"] = "positive sentences ×2, patient-written (PsyTAR) sentences ×2",
    };

    public static IEstimator<ITransformer> Build(MLContext ml, string trainer) => Features(ml).Append<ITransformer>(trainer switch
    {
        Linear => (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(AdverseEventInput.Label),
            ExampleWeightColumnName = nameof(AdverseEventInput.Weight),
            // Chosen on the held-out-free training folds: 1 and 0.1 underfit (F1 −0.05), 0.003 no better than 0.01.
            L2Regularization = L2,
            L1Regularization = 0,
            // NumberOfThreads stays at ML.NET's default: pinned to 1, L-BFGS took 575 s instead of 15 s on these features.
        }),
        Trees => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(AdverseEventInput.Label),
            ExampleWeightColumnName = nameof(AdverseEventInput.Weight),
            NumberOfLeaves = 31,
            NumberOfIterations = 150,
            LearningRate = 0.1,
            NumberOfThreads = 1,
            Seed = AdverseEventModelTrainer.Seed,
        }),
        _ => throw new ArgumentException($"Unknown trainer '{trainer}' (use {Linear} or {Trees})", nameof(trainer)),
    });

    private static IEstimator<ITransformer> Features(MLContext ml) =>
        ml.Transforms.Text.FeaturizeText("TextFeatures", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepDiacritics = false,
                KeepPunctuations = false,
                KeepNumbers = false,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 5, UseAllLengths = true },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(AdverseEventInput.Text))
            .Append(ml.Transforms.Text.FeaturizeText("MaskedFeatures", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.None, // already folded; keeps DRUG/EVENT/FINDING apart from words
                KeepPunctuations = false,
                KeepNumbers = false,
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = true },
                CharFeatureExtractor = null,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(AdverseEventInput.Masked)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", "MaskedFeatures", nameof(AdverseEventInput.Lexicon)));
}
