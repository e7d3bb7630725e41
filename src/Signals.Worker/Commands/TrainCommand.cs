using Signals.Classification;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals train [--data ../shared/data] [--out models/adverse-event.zip] [--max-rows N] [--case-report-share 1.0]</c>:
/// retrains the adverse-event model, evaluates it on the held-out split and writes the model
/// with its card. The data scientist's loop: train, read the printed metrics, ship the zip.
/// </summary>
internal static class TrainCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "train", "--data", "--out", "--max-rows", "--case-report-share") is not { } o) return Task.FromResult(64);
        var data = o.GetValueOrDefault("--data", Path.Combine("..", "shared", "data"));
        var output = o.GetValueOrDefault("--out", Path.Combine("models", "adverse-event.zip"));
        int? maxRows = o.TryGetValue("--max-rows", out var m) ? int.Parse(m) : null;
        var share = o.TryGetValue("--case-report-share", out var s) ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : AdverseEventModelTrainer.DefaultCaseReportShare;
        if (!Directory.Exists(data))
        {
            Console.Error.WriteLine($"signals train: training data folder {Path.GetFullPath(data)} not found; it needs ../shared/data (psytar, ade-corpus-v2)");
            return Task.FromResult(66);
        }
        ct.ThrowIfCancellationRequested();
        var trained = new AdverseEventModelTrainer(TimeProvider.System).Train(data, maxRows, share);
        trained.Save(output);
        foreach (var metrics in trained.Card.HeldOut) Console.WriteLine(metrics);
        Console.WriteLine($"model written to {Path.GetFullPath(output)} with {ModelCard.PathFor(output)}");
        return Task.FromResult(0);
    }
}
