using System.Text.Json;
using Signals.Classification;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals evaluate [--model models/adverse-event.zip] [--data FILE|DIR]</c>: metrics of a model as JSON. With a
/// labelled FILE (TSV/CSV with label and text columns, or JSON Lines), one object for it; with the shared data
/// folder (default ../shared/data), one object per held-out split (PsyTAR reviews, ADE articles) and other labelled set
/// (CADEC, French). Always at the model's own threshold (stored in the model and its card).
/// </summary>
internal static class EvaluateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "evaluate", "--data", "--model") is not { } o) return 64;
        var data = o.GetValueOrDefault("--data", Path.Combine("..", "shared", "data"));
        var model = o.GetValueOrDefault("--model", SignalsPaths.Resolve("models", "adverse-event.zip"));
        if (!File.Exists(model))
        {
            await Console.Error.WriteLineAsync($"signals evaluate: no model at {Path.GetFullPath(model)}");
            return 66;
        }
        var loaded = AdverseEventModel.Load(model, new AdverseEventFeaturizer());
        IReadOnlyList<ModelMetrics> metrics;
        if (File.Exists(data))
        {
            IReadOnlyList<LabelledSentence> rows;
            try { rows = LabelledFile.Read(data); }
            catch (InvalidDataException ex) { await Console.Error.WriteLineAsync($"signals evaluate: {ex.Message}"); return 65; }
            metrics = [ModelMetrics.Evaluate(loaded, Path.GetFileName(data), rows)];
        }
        else if (Directory.Exists(data))
        {
            metrics =
            [
                ModelMetrics.Evaluate(loaded, "psytar held-out reviews (patient text)", TrainingCorpora.LoadPsyTar(data).Where(r => r.IsHeldOut).ToList()),
                ModelMetrics.Evaluate(loaded, "ade-corpus-v2 held-out articles (case reports)", TrainingCorpora.LoadAdeCorpus(data).Where(r => r.IsHeldOut).ToList()),
                .. OtherEvaluations.Measure(loaded, data),
            ];
        }
        else
        {
            await Console.Error.WriteLineAsync($"signals evaluate: {Path.GetFullPath(data)} is neither a labelled file nor the shared data folder (../shared/data)");
            return 66;
        }
        ct.ThrowIfCancellationRequested();
        var output = metrics.Select(m => new
        {
            model = Path.GetFileName(model), version = loaded.Version, data = m.Split, n = m.Examples, positives = m.Positives, threshold = m.Threshold, precision = m.Precision, recall = m.Recall,
            f1 = m.F1, auc = m.Auc, accuracy = m.Accuracy,
            confusion = new { truePositives = m.TruePositives, falsePositives = m.FalsePositives, trueNegatives = m.TrueNegatives, falseNegatives = m.FalseNegatives },
        }).ToList();
        await Console.Out.WriteLineAsync(output.Count == 1 ? JsonSerializer.Serialize(output[0], Json) : JsonSerializer.Serialize(output, Json));
        return 0;
    }
}
