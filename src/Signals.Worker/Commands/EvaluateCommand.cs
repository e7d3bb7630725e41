using Microsoft.ML;
using Signals.Classification;

namespace Signals.Worker.Commands;

/// <summary><c>signals evaluate [--model models/adverse-event.zip] [--data ../shared/data]</c>: metrics of a model on the held-out split.</summary>
internal static class EvaluateCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "evaluate", "--data", "--model") is not { } o) return Task.FromResult(64);
        var data = o.GetValueOrDefault("--data", Path.Combine("..", "shared", "data"));
        var model = o.GetValueOrDefault("--model", SignalsPaths.Resolve("models", "adverse-event.zip"));
        if (!Directory.Exists(data))
        {
            Console.Error.WriteLine($"signals evaluate: data folder {Path.GetFullPath(data)} not found; it needs ../shared/data (psytar, ade-corpus-v2)");
            return Task.FromResult(66);
        }
        if (!File.Exists(model))
        {
            Console.Error.WriteLine($"signals evaluate: no model at {Path.GetFullPath(model)}");
            return Task.FromResult(66);
        }
        ct.ThrowIfCancellationRequested();
        var ml = new MLContext(AdverseEventModelTrainer.Seed);
        var transformer = ml.Model.Load(model, out _);
        Console.WriteLine(ModelMetrics.Evaluate(ml, transformer, "psytar held-out reviews (patient text)", TrainingCorpora.LoadPsyTar(data).Where(r => r.IsHeldOut).ToList()));
        Console.WriteLine(ModelMetrics.Evaluate(ml, transformer, "ade-corpus-v2 held-out articles (case reports)", TrainingCorpora.LoadAdeCorpus(data).Where(r => r.IsHeldOut).ToList()));
        return Task.FromResult(0);
    }
}
