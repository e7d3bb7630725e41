using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Signals.Classification;
using Signals.Learning;
using Signals.Review;
using Signals.Storage;
using Signals.Classification.Transformer;

namespace Signals.Worker.Commands;

/// <summary>
/// <c>signals train [--data FILE|DIR]... [--out models/adverse-event.candidate.zip] [--trainer NAME] [--folds N] [--max-rows N]
/// [--corpus psytar|ade-corpus-v2] [--split document|sentence] [--transformer-rows DIR | --transformer FILE [--transformer-folds DIR]]</c>:
/// trains the adverse-event model, chooses its threshold by cross-validation on the training data, and writes the
/// model with its card. Without <c>--data</c> it trains on the shared corpora and measures the held-out splits;
/// with labelled files (TSV/CSV/JSONL, label + text) the cross-validated metrics are the estimate. <c>--corpus</c> trains on
/// one shared corpus; <c>--split sentence</c> holds out random sentences instead of whole reviews and articles, the split
/// of the published scores, to compare with them (never for a model to ship: an article's sentences sit on both sides).
/// </summary>
internal static class TrainCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var useVerdicts = args.Contains("--verdicts");
        args = [.. args.Where(a => a != "--verdicts")];
        var files = new List<string>();
        var rest = new List<string>();
        var shared = Path.Combine("..", "shared", "data");
        for (var i = 0; i < args.Length; i++)
            if (args[i] == "--data" && i + 1 < args.Length && !Directory.Exists(args[i + 1])) files.Add(args[++i]);
            else if (args[i] == "--data" && i + 1 < args.Length) shared = args[++i]; // a folder: the shared corpora laid out as ../shared/data
            else rest.Add(args[i]);
        if (CommandLine.Options([.. rest], "train", "--data", "--out", "--trainer", "--folds", "--max-rows", "--corpus", "--split", "--transformer-rows", "--transformer", "--transformer-folds") is not { } o) return 64;
        // The configured store's verdicts and the promotion rule: the host validates the configuration as every verb does (exit 78).
        using var host = SignalsHost.Build(quiet: true);
        if (useVerdicts) await SignalsHost.PrepareAsync(host, ct); // opens (and migrates) the store
        else SignalsHost.CheckConfiguration(host);
        var learning = host.Services.GetRequiredService<IOptions<LearningOptions>>().Value;
        // A candidate beside the live model unless --out names it: a running worker hot-loads models/adverse-event.zip within
        // 30 s, so replacing it is a decision to ship, taken after the comparison this command prints.
        var live = SignalsPaths.Resolve("models", "adverse-event.zip");
        var output = o.GetValueOrDefault("--out", Path.Combine(Path.GetDirectoryName(live)!, CandidateFile));
        var trainer = o.GetValueOrDefault("--trainer", AdverseEventPipeline.Linear);
        var folds = o.TryGetValue("--folds", out var f) ? int.Parse(f) : AdverseEventModelTrainer.DefaultFolds;
        int? maxRows = o.TryGetValue("--max-rows", out var m) ? int.Parse(m) : null;
        var corpora = o.TryGetValue("--corpus", out var c) ? c.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
        if (corpora?.FirstOrDefault(name => !TrainingCorpora.All.Contains(name)) is { } unknown)
        {
            Console.Error.WriteLine($"signals train: unknown corpus '{unknown}' (use {string.Join(" or ", TrainingCorpora.All)})");
            return 64;
        }
        SplitUnit? unit = o.GetValueOrDefault("--split", "document") switch { "document" => SplitUnit.Group, "sentence" => SplitUnit.Sentence, _ => null };
        if (unit is null)
        {
            Console.Error.WriteLine($"signals train: --split is 'document' (whole reviews and articles, the default) or 'sentence', not '{o["--split"]}'");
            return 64;
        }
        if (files.FirstOrDefault(file => !File.Exists(file)) is { } missing)
        {
            Console.Error.WriteLine($"signals train: no labelled file at {Path.GetFullPath(missing)}");
            return 66;
        }
        if (o.TryGetValue("--transformer", out var tunedFile) && !File.Exists(tunedFile))
        {
            Console.Error.WriteLine($"signals train: no fine-tuned transformer at {Path.GetFullPath(tunedFile)} (scripts/fine-tune.sh writes one)");
            return 66;
        }
        string[]? foldFiles = null;
        if (o.TryGetValue("--transformer-folds", out var foldFolder))
        {
            // One MiniLM fine-tuned per fold of the cross-validation (scripts/fine-tune.sh): the blend is chosen on out-of-fold scores of every training row.
            if (tunedFile is null) return Usage.Error(Console.Error, "train", "--transformer-folds DIR goes with --transformer FILE (the model to ship)");
            foldFiles = [.. Enumerable.Range(0, folds).Select(k => Path.Combine(foldFolder, $"fold-{k}.onnx"))];
            if (foldFiles.FirstOrDefault(file => !File.Exists(file)) is { } absent)
            {
                Console.Error.WriteLine($"signals train: no fold model at {Path.GetFullPath(absent)} (--transformer-folds wants fold-0.onnx to fold-{folds - 1}.onnx, one per fold of --folds {folds}; scripts/fine-tune.sh writes them)");
                return 66;
            }
        }
        if (files.Count == 0 && !Directory.Exists(shared))
        {
            Console.Error.WriteLine($"signals train: training data folder {Path.GetFullPath(shared)} not found; it needs ../shared/data (psytar, ade-corpus-v2)");
            return 66;
        }
        ct.ThrowIfCancellationRequested();
        if (o.TryGetValue("--transformer-rows", out var rowsFolder))
        {
            // The fine-tune's input (scripts/fine-tune.sh): the shared corpora's rows as token ids with the trainer's split.
            var all = files.Count > 0 ? files.SelectMany(LabelledFile.Read) : (corpora ?? TrainingCorpora.All).SelectMany(name => TrainingCorpora.Load(shared, name));
            var (total, train, dev, heldOut) = FineTuneRows.Write(rowsFolder, all, folds);
            Console.WriteLine($"{total} rows ({train} train, {dev} dev, {heldOut} held-out) and the base model written to {Path.GetFullPath(rowsFolder)}");
            return 0;
        }
        IReadOnlyList<AnalystVerdict>? verdicts = null;
        if (useVerdicts)
        {
            if (files.Count > 0) return Usage.Error(Console.Error, "train", "--verdicts trains beside the shared corpora, not beside --data FILE (export-verdicts writes a file for that)");
            verdicts = (await host.Services.GetRequiredService<ISignalStore>().ListJudgedPostsAsync(ct))
                .Select(j => new AnalystVerdict(j.PostId, j.Text, j.Verdict == Verdict.AdverseEvent, j.Author, j.Language)).ToList();
            Console.WriteLine($"verdicts: {verdicts.Count} judged posts with their text in the store ({verdicts.Count(v => v.Label)} adverse events), " +
                $"by language {string.Join(", ", verdicts.GroupBy(v => v.Language ?? "unknown").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");
        }
        var started = Stopwatch.GetTimestamp();
        var training = new AdverseEventModelTrainer(TimeProvider.System);
        var transformer = o.GetValueOrDefault("--transformer");
        var extracted = useVerdicts && transformer is null ? LiveTransformer.Extract(live) : null;
        if (extracted is not null)
        {
            transformer = extracted;
            Console.WriteLine($"the candidate keeps the live model's fine-tuned MiniLM ({Path.GetFullPath(live)}!{AdverseEventModel.TransformerEntry}; --transformer FILE for another)");
        }
        TrainedModel trained;
        try
        {
            trained = files.Count > 0 ? training.TrainOnFiles(files, trainer, folds, transformer, foldFiles) : training.TrainOnSharedData(shared, maxRows, trainer, folds, unit.Value, corpora,
                transformer, verdicts, foldFiles);
        }
        catch (InvalidDataException ex)
        {
            Console.Error.WriteLine($"signals train: {ex.Message}");
            return 65;
        }
        finally
        {
            if (extracted is not null) File.Delete(extracted);
        }
        trained = TrainTranslation.Add(trained, Console.Out);
        trained.Save(output);
        var card = trained.Card;
        Console.WriteLine($"trainer {card.Trainer}, threshold {card.Threshold:0.00} for social posts (chosen by {folds}-fold cross-validation on the training data)");
        if (card.DomainThresholds is { } thresholds)
            Console.WriteLine($"thresholds by domain: {string.Join(", ", thresholds.Select(t => $"{t.Key} {t.Value:0.00}"))}");
        Console.WriteLine("cross-validated:");
        foreach (var metrics in card.CrossValidated) Console.WriteLine($"  {metrics}");
        if (card.HeldOut.Count > 0) Console.WriteLine("held out:");
        foreach (var metrics in card.HeldOut) Console.WriteLine($"  {metrics}");
        if (card.HeldOutDecisions.Count > 0) Console.WriteLine("held out, the worker's decision (category adverse-event: model, lexicon and cues):");
        foreach (var metrics in card.HeldOutDecisions) Console.WriteLine($"  {metrics}");
        HeldOutReport.Print(Console.Out, card.HeldOutReport);
        if (card.Transformer is { } part)
        {
            Console.WriteLine($"fine-tuned MiniLM (layers {string.Join(",", part.LayersTuned)}), the blend chosen on {part.ChosenOn}:");
            foreach (var (domain, blend) in part.Domains)
                Console.WriteLine($"  {domain}: {1 - blend.Weight:0.00} x n-gram + {blend.Weight:0.00} x MiniLM for English posts ({part.AskedShare[domain]:P0} of those rows), threshold {blend.Threshold:0.00}, " +
                    $"cue rules from {blend.RuleFloor ?? 0:0.00} (posts the n-gram model decides alone: at any score)");
            foreach (var metrics in part.Dev) Console.WriteLine($"  {metrics}");
        }
        if (card.OtherEvaluations.Count > 0) Console.WriteLine("other labelled material:");
        foreach (var metrics in card.OtherEvaluations) Console.WriteLine($"  {metrics}");
        Console.WriteLine($"trained in {card.TrainingSeconds:F1} s ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s with loading and saving); peak resident memory {PeakMegabytes()}");
        var replacedLive = Path.GetFullPath(output) == Path.GetFullPath(live);
        var comparisons = replacedLive ? [] : ModelComparison.Print(Console.Out, trained, live);
        if (card.Verdicts is { } v)
        {
            Console.WriteLine($"trained with {v.Training} verdicts ({v.TrainingPositives} adverse events), {v.HeldOut} held out; languages of all {v.Training + v.HeldOut}: {string.Join(", ", v.Languages.Select(l => $"{l.Key} {l.Value}"))}");
            Console.WriteLine(trained.Model switch
            {
                { Head: { } head } => $"{head.Verdicts} of them (English) reached MiniLM's head: a correction held by {head.Anchors} unjudged training posts, pull {head.Pull}",
                { MiniLm.NoHeadReason: { } reason } => $"no verdict reached MiniLM's head: {reason}",
                { MiniLm: null } => "no verdict reached MiniLM's head: the candidate has none (neither the live model nor --transformer FILE had one); they trained the n-gram part only",
                _ => "no verdict reached MiniLM's head: none of them is an English post",
            });
        }
        Console.WriteLine($"model written to {Path.GetFullPath(output)} with {ModelCard.PathFor(output)}");
        if (!replacedLive && File.Exists(live))
        {
            var (promote, reason) = Promotion.Decide(comparisons, learning);
            Console.WriteLine($"promotion rule (Signals:Learning, worker decision F1): {(promote ? "promote" : "keep the live model")}: {reason}");
            if (promote && learning.AutoPromote)
            {
                Promotion.Promote(output, live);
                Console.WriteLine($"promoted automatically (Signals:Learning:AutoPromote): {Path.GetFullPath(live)} is now the candidate; a running worker loads it within 30 s");
                return 0;
            }
        }
        Console.WriteLine(replacedLive
            ? "this is the live model: a running worker loads it within 30 s (Signals:Classification:ReloadInterval)"
            : $"the live model {Path.GetFullPath(live)} is unchanged; to ship the candidate: signals promote");
        return 0;
    }

    public const string CandidateFile = "adverse-event.candidate.zip";

    // Linux's high-water mark of this process (VmHWM): what training needs from the machine.
    private static string PeakMegabytes()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? $"{Environment.WorkingSet / 1048576} MB (working set now; no /proc)" : $"{long.Parse(line[6..].Trim().Split(' ')[0]) / 1024} MB";
    }
}
