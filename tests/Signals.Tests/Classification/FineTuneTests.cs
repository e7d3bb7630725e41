using System.Diagnostics;
using System.Globalization;
using Signals.Classification;
using Signals.Classification.Transformer;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Classification;

/// <summary>
/// The data scientist's fine-tune, end to end on a tiny sample (the hand-written category set, so nothing research-only):
/// scripts/fine-tune.sh dumps token ids, tunes MiniLM's top layers in PyTorch, quantizes the model to int8 (Debian's python3-torch, installed by
/// scripts/test.sh) and ships them inside the model zip; the worker then scores through OnnxRuntime exactly what PyTorch
/// computed. The full-size run and its numbers are in docs/classifier.md.
/// </summary>
public sealed class FineTuneTests
{
    private static string _dir = null!;
    private static (int Exit, string Output) _run;

    [OneTimeSetUp]
    public static async Task FineTuneOnATinySample()
    {
        _dir = TestPaths.TempDirectory();
        var data = Path.Combine(_dir, "labelled.tsv");
        var set = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Select(c => $"{(c[0] == "adverse-event" ? 1 : 0)}\t{c[2]}");
        await File.WriteAllLinesAsync(data, set.Prepend("label\ttext"));
        var info = new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepoRoot, "scripts", "fine-tune.sh"), "--data", data, "--out", Path.Combine(_dir, "model.zip"),
            "--work", Path.Combine(_dir, "work"), "--max-rows", "160", "--epochs", "1", "--tune-layers", "3"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.RepoRoot,
            Environment = { ["SIGNALS_FINE_TUNE_NO_BUILD"] = "1" }, // scripts/test.sh built the solution in Release already
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        _run = (process.ExitCode, await stdout + await stderr);
    }

    [OneTimeTearDown] public static void CleanUp() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void The_fine_tune_writes_a_model_whose_zip_holds_the_int8_transformer()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var model = AdverseEventModel.Load(Path.Combine(_dir, "model.zip"), new AdverseEventFeaturizer());
        Assert.That(model.MiniLm, Is.Not.Null, "the model carries the transformer");
        Assert.That(model.Card!.Transformer!.LayersTuned, Is.EqualTo(new[] { 3, 4, 5 }));
        // The whole model in int8 (22.7 M parameters, a byte each, with the float biases and norms): not the 91 MB of float32.
        Assert.That(model.Graph!.Read().Length, Is.InRange(20_000_000, 26_000_000));
        Assert.That(model.Card.Transformer.Licence, Does.Contain("Apache-2.0"));
        Assert.That(model.Card.Transformer.Training["quantization"], Does.Contain("int8"));
        Assert.That(_run.Output, Does.Contain("fine-tuned MiniLM (layers 3,4,5), the blend chosen on out-of-fold scores"));
    }

    [Test]
    public void The_blend_is_chosen_on_out_of_fold_scores_of_every_training_row_from_one_fine_tune_per_fold()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var rows = File.ReadAllLines(Path.Combine(_dir, "labelled.tsv")).Length - 1;
        var model = AdverseEventModel.Load(Path.Combine(_dir, "model.zip"), new AdverseEventFeaturizer());
        var part = model.Card!.Transformer!;
        Assert.That(part.ChosenOn, Does.StartWith($"out-of-fold scores of all {rows} training rows"), "every row, not the dev tenth");
        Assert.That(part.ChosenOn, Does.Contain($"{AdverseEventModelTrainer.DefaultFolds}-fold cross-validation and one MiniLM fine-tune per fold"));
        Assert.That(part.Dev.Select(m => m.Split), Has.Some.StartWith("out-of-fold social: fused"));
        for (var k = 0; k < AdverseEventModelTrainer.DefaultFolds; k++)
        {
            using var fold = new MiniLmScorer(File.ReadAllBytes(FoldModel(k)), FoldModel(k));
            var training = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(fold.Metadata["training"])!;
            Assert.That(training["fold"], Is.EqualTo($"{k} of {AdverseEventModelTrainer.DefaultFolds}"));
        }
        Assert.That(_run.Output, Does.Contain("fine-tune.sh: fold 3 of 4"));
    }

    [Test]
    public void The_rows_the_fold_fine_tunes_leave_out_are_the_folds_train_scores_them_in()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var written = File.ReadAllLines(Path.Combine(_dir, "work", FineTuneRows.RowsFile)).Skip(1).Select(l => l.Split('\t')).ToList();
        var rows = LabelledFile.Read(Path.Combine(_dir, "labelled.tsv"));
        Assert.That(written, Has.Count.EqualTo(rows.Count));
        var expected = rows.Select(r => r.IsHeldOut ? "-" : AdverseEventModelTrainer.FoldOf(r, AdverseEventModelTrainer.DefaultFolds).ToString(CultureInfo.InvariantCulture));
        Assert.That(written.Select(c => c[3]), Is.EqualTo(expected), "rows.tsv's fold column is the cross-validation's fold, row by row");
        Assert.That(written.Select(c => c[3]).Distinct().Count(), Is.GreaterThanOrEqualTo(AdverseEventModelTrainer.DefaultFolds), "every fold has rows");
    }

    [Test]
    public void Fold_models_given_out_of_order_are_refused_naming_the_file()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var trainer = new AdverseEventModelTrainer(TimeProvider.System);
        string[] swapped = [FoldModel(1), FoldModel(0), FoldModel(2), FoldModel(3)];

        var error = Assert.Throws<InvalidDataException>(() =>
            trainer.TrainOnFiles([Path.Combine(_dir, "labelled.tsv")], transformerFile: Path.Combine(_dir, "work", "minilm-int8.onnx"), transformerFolds: swapped));

        Assert.That(error!.Message, Does.Contain("fold-1.onnx").And.Contain("left out fold '1 of 4', not 0 of 4"));
    }

    private static string FoldModel(int k) => Path.Combine(_dir, "work", "folds", $"fold-{k}.onnx");

    [Test]
    public void OnnxRuntime_scores_the_int8_graph_as_PyTorch_computed_the_float_model()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var rows = File.ReadAllLines(Path.Combine(_dir, "work", FineTuneRows.RowsFile)).Skip(1).Select(l => l.Split('\t')[5].Split(' ').Select(int.Parse).ToArray()).ToList();
        var expected = File.ReadAllLines(Path.Combine(_dir, "work", "parity.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Select(c => (Row: int.Parse(c[0]), P: float.Parse(c[1], CultureInfo.InvariantCulture))).ToList();
        Assert.That(expected, Has.Count.GreaterThanOrEqualTo(10));
        using var scorer = new MiniLmScorer(File.ReadAllBytes(Path.Combine(_dir, "work", "minilm-int8.onnx")), "minilm-int8.onnx");

        var scores = scorer.ScoreTokens(expected.Select(e => rows[e.Row]).ToList());

        // int8 weights and activations move a probability a little, never a lot: per post within 0.03, on average within 0.01.
        var differences = expected.Select((e, i) => Math.Abs(scores[i] - e.P)).ToList();
        Assert.That(differences.Max(), Is.LessThan(0.03), string.Join(", ", differences.Select(d => d.ToString("0.0000", CultureInfo.InvariantCulture))));
        Assert.That(differences.Average(), Is.LessThan(0.01));
        Assert.That(expected.Select(e => e.P).Max() - expected.Select(e => e.P).Min(), Is.GreaterThan(0.01), "the rows do not all get one probability");
    }

    [Test]
    public void Every_English_post_gets_the_fused_score_and_the_budget_counts_what_it_turned_away()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var model = AdverseEventModel.Load(Path.Combine(_dir, "model.zip"), new AdverseEventFeaturizer());
        var set = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv")).Skip(1)
            .Select(l => l.Split('\t')).ToList();
        var texts = set.Select(c => c[2]).ToList();
        var english = texts.Where(t => Signals.Feeds.PostLanguage.Guess(t) != "fr").ToList();
        Assert.That(english.Count, Is.InRange(4, texts.Count - 4), "English and French posts both");
        var ngram = model.ScoreNgram(texts);
        var blend = model.Blend(PostDomain.Social)!;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var budget = new TransformerBudget(english.Count / 2.0, time);

        var scores = model.Score(texts, PostDomain.Social, budget);

        var granted = (long)Math.Floor(english.Count / 2.0);
        Assert.That((budget.Scored, budget.Fallbacks), Is.EqualTo((granted, english.Count - granted)));
        var threshold = model.ThresholdFor(PostDomain.Social);
        for (var i = 0; i < texts.Count; i++)
            if (Signals.Feeds.PostLanguage.Guess(texts[i]) == "fr") // a French post keeps the n-gram model's decision, on the one threshold
                Assert.That(scores[i] >= threshold, Is.EqualTo(ngram[i] >= blend.NgramThreshold), texts[i]);
        var first = texts.FindIndex(t => Signals.Feeds.PostLanguage.Guess(t) != "fr");
        Assert.That(scores[first], Is.EqualTo(blend.Blend(ngram[first], model.MiniLm!.Score([texts[first]])[0])).Within(1e-4), "an asked post gets the fused score");

        time.Advance(TimeSpan.FromSeconds(1)); // a second later the budget is whole again
        var unbudgeted = model.Score(texts, PostDomain.Social);
        model.Score(texts, PostDomain.Social, budget);
        Assert.That(budget.Scored, Is.EqualTo(2 * granted));
        Assert.That(unbudgeted.Select((s, i) => Math.Abs(s - ngram[i])).Count(d => d > 1e-6), Is.GreaterThan(0), "without a budget every English post is fused");
    }
}
