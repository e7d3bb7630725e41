using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Signals.Classification;
using Signals.Learning;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals learning-curve --pool POOL.tsv --test TEST.tsv --strategy uncertainty|random --steps 50,100,200,400 [--seed N]
/// [--model FILE] [--batch N]</c>: simulates an analyst who answers the review queue with the pool file's labels
/// (<see cref="LearningCurve"/>) and prints one JSON line per step (the first: the starting model, 0 verdicts; <c>headVerdicts</c>: how
/// many reached MiniLM's head), then the elapsed time.
/// </summary>
internal static class LearningCurveCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (CommandLine.Options(args, "learning-curve", "--pool", "--test", "--strategy", "--steps", "--seed", "--model", "--batch") is not { } o) return Task.FromResult(64);
        if (!o.TryGetValue("--pool", out var poolFile) || !o.TryGetValue("--test", out var testFile))
            return Task.FromResult(Usage.Error(Console.Error, "learning-curve", "--pool FILE and --test FILE are required"));
        QueueStrategy? strategy = o.GetValueOrDefault("--strategy", "uncertainty") switch { "uncertainty" => QueueStrategy.Uncertainty, "random" => QueueStrategy.Random, _ => null };
        if (strategy is null) return Task.FromResult(Usage.Error(Console.Error, "learning-curve", $"--strategy is 'uncertainty' or 'random', not '{o["--strategy"]}'"));
        var steps = new List<int>();
        foreach (var part in o.GetValueOrDefault("--steps", "50,100,200,400").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step <= 0 || (steps.Count > 0 && step <= steps[^1]))
                return Task.FromResult(Usage.Error(Console.Error, "learning-curve", $"--steps is increasing whole numbers separated by commas (50,100,200,400), not '{o["--steps"]}'"));
            steps.Add(step);
        }
        if (!int.TryParse(o.GetValueOrDefault("--seed", "1"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
            return Task.FromResult(Usage.Error(Console.Error, "learning-curve", $"--seed is a whole number, not '{o["--seed"]}'"));
        if (!int.TryParse(o.GetValueOrDefault("--batch", Review.ReviewOptions.DefaultQueueSize.ToString(CultureInfo.InvariantCulture)), NumberStyles.None, CultureInfo.InvariantCulture, out var batch) || batch <= 0)
            return Task.FromResult(Usage.Error(Console.Error, "learning-curve", $"--batch is a whole number from 1, not '{o["--batch"]}'"));
        var modelFile = o.GetValueOrDefault("--model", SignalsPaths.Resolve("models", "adverse-event.zip"));
        foreach (var file in new[] { poolFile, testFile, modelFile })
            if (!File.Exists(file))
            {
                Console.Error.WriteLine($"signals learning-curve: no file at {Path.GetFullPath(file)}");
                return Task.FromResult(66);
            }
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<LabelledSentence> pool, test;
        try
        {
            pool = LabelledFile.Read(poolFile);
            test = LabelledFile.Read(testFile);
        }
        catch (InvalidDataException ex)
        {
            Console.Error.WriteLine($"signals learning-curve: {ex.Message}");
            return Task.FromResult(65);
        }
        var model = AdverseEventModel.Load(modelFile, new AdverseEventFeaturizer());
        // A graph from before the embedding output scores as before, but verdicts cannot reach MiniLM's head: say so, once.
        if (model.MiniLm?.NoHeadReason is { } reason) Console.Error.WriteLine($"signals learning-curve: {reason}");
        var curve = new LearningCurve(model, PostDecider.Shipped(), batch);
        foreach (var point in curve.Run(pool, test, strategy.Value, steps, seed))
        {
            ct.ThrowIfCancellationRequested();
            Console.WriteLine(JsonSerializer.Serialize(point, Json));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"learning-curve: {steps[^1]} verdicts asked of a {pool.Count}-row pool, tested on {test.Count} rows, in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s ({Environment.ProcessorCount} cores)"));
        return Task.FromResult(0);
    }
}
