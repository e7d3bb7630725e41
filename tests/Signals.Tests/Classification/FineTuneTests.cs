using System.Diagnostics;
using System.Globalization;
using Signals.Classification;
using Signals.Classification.Transformer;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Classification;

/// <summary>
/// The data scientist's fine-tune, end to end on a tiny sample (the hand-written category set, so nothing research-only):
/// scripts/fine-tune.sh dumps token ids, tunes MiniLM's top layers in PyTorch (Debian's python3-torch, installed by
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
            "--work", Path.Combine(_dir, "work"), "--max-rows", "160", "--epochs", "1"])
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
    public void The_fine_tune_writes_a_model_whose_zip_holds_only_the_tuned_top_layers()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var model = AdverseEventModel.Load(Path.Combine(_dir, "model.zip"), new AdverseEventFeaturizer());
        Assert.That(model.MiniLm, Is.Not.Null, "the model carries the transformer");
        Assert.That(model.Card!.Transformer!.LayersTuned, Is.EqualTo(new[] { 4, 5 }));
        // Two of six layers and the head as float16: about 7 MB, not the 91 MB of the whole model.
        Assert.That(model.TunedBytes!.Length, Is.InRange(6_000_000, 8_000_000));
        Assert.That(model.Card.Transformer.Licence, Does.Contain("Apache-2.0"));
        Assert.That(_run.Output, Does.Contain("fine-tuned MiniLM (layers 4,5), chosen on the dev rows"));
    }

    [Test]
    public void OnnxRuntime_scores_the_tuned_layers_as_PyTorch_computed_them()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var rows = File.ReadAllLines(Path.Combine(_dir, "work", FineTuneRows.RowsFile)).Skip(1).Select(l => l.Split('\t')[4].Split(' ').Select(int.Parse).ToArray()).ToList();
        var expected = File.ReadAllLines(Path.Combine(_dir, "work", "parity.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Select(c => (Row: int.Parse(c[0]), P: float.Parse(c[1], CultureInfo.InvariantCulture))).ToList();
        Assert.That(expected, Has.Count.GreaterThanOrEqualTo(10));
        var tuned = TunedLayers.Read(File.ReadAllBytes(Path.Combine(_dir, "work", "minilm-tuned.bin")), "minilm-tuned.bin");
        using var scorer = new MiniLmScorer(tuned);

        var scores = scorer.ScoreTokens(expected.Select(e => rows[e.Row]).ToList());

        for (var i = 0; i < expected.Count; i++)
            Assert.That(scores[i], Is.EqualTo(expected[i].P).Within(2e-3), $"row {expected[i].Row}");
    }

    [Test]
    public void The_tuned_tensors_replace_the_base_ones_in_the_onnx_session()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var tuned = TunedLayers.Read(File.ReadAllBytes(Path.Combine(_dir, "work", "minilm-tuned.bin")), "minilm-tuned.bin");
        var ffn = tuned.Info.Tensors.First(t => t.Shape.SequenceEqual(new[] { 1536, 384 })).Name; // a top layer's feed-forward output weight
        var (shape, values) = tuned.Tensors[ffn];
        var broken = tuned with { Tensors = new Dictionary<string, (int[], float[])>(tuned.Tensors) { [ffn] = (shape, values.Select(v => v * 4).ToArray()) } };
        string[] texts = ["Since starting Levothyrox I am exhausted and my hair falls out", "Picked up my prescription today"];
        using var original = new MiniLmScorer(tuned);
        using var changed = new MiniLmScorer(broken);

        var a = original.Score(texts);
        var b = changed.Score(texts);

        Assert.That(Math.Abs(a[0] - b[0]) + Math.Abs(a[1] - b[1]), Is.GreaterThan(1e-3), "an overridden initializer changes the output");
    }

    [Test]
    public void The_worker_asks_the_transformer_only_about_unsure_posts_and_counts_what_the_budget_turned_away()
    {
        Assert.That(_run.Exit, Is.EqualTo(0), _run.Output);
        var loaded = AdverseEventModel.Load(Path.Combine(_dir, "model.zip"), new AdverseEventFeaturizer());
        var texts = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(c => c[1] == "en").Select(c => c[2]).ToList();
        var ngram = loaded.ScoreNgram(texts);
        // A tiny fine-tune earns the transformer no band of its own (and these texts trained the n-gram model, so its
        // probabilities are extreme): make the upper half of them the unsure ones, to exercise the budget.
        var part = loaded.Card!.Transformer!;
        var social = part.Domains[PostDomain.Social];
        var median = ngram.Order().ElementAt(ngram.Count / 2);
        var model = loaded.WithCard(loaded.Card with { Transformer = part with { Domains = new Dictionary<string, BlendedScore>(part.Domains)
            { [PostDomain.Social] = social with { Low = median, High = 2 } } } });
        var blend = model.Blend(PostDomain.Social)!;
        var unsure = texts.Where((t, i) => blend.IsUnsure(ngram[i]) && Signals.Feeds.PostLanguage.Guess(t) != "fr").Count();
        Assert.That(unsure, Is.GreaterThanOrEqualTo(4), "enough unsure posts for the budget to matter");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var budget = new TransformerBudget(unsure / 2.0, time);

        var scores = model.Score(texts, PostDomain.Social, budget);

        Assert.That((budget.Scored, budget.Fallbacks), Is.EqualTo(((long)Math.Floor(unsure / 2.0), unsure - (long)Math.Floor(unsure / 2.0))));
        var threshold = model.ThresholdFor(PostDomain.Social);
        for (var i = 0; i < texts.Count; i++)
            if (!blend.IsUnsure(ngram[i])) // a sure post keeps the n-gram model's decision, on the one threshold
                Assert.That(scores[i] >= threshold, Is.EqualTo(ngram[i] >= blend.NgramThreshold), texts[i]);
        var first = texts.Select((t, i) => i).First(i => blend.IsUnsure(ngram[i]) && Signals.Feeds.PostLanguage.Guess(texts[i]) != "fr");
        Assert.That(scores[first], Is.EqualTo((ngram[first] + model.MiniLm!.Score([texts[first]])[0]) / 2).Within(1e-4), "an asked post gets the mean of both models");

        time.Advance(TimeSpan.FromSeconds(1)); // a second later the budget is whole again
        model.Score(texts, PostDomain.Social, budget);
        Assert.That(budget.Scored, Is.EqualTo(2 * (long)Math.Floor(unsure / 2.0)));
    }
}
