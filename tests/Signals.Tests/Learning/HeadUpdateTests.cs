using Signals.Classification;
using Signals.Classification.Linear;
using Signals.Classification.Transformer;
using Signals.Feeds;
using Signals.Learning;
using Signals.Tests.EndToEnd;

namespace Signals.Tests.Learning;

/// <summary>
/// Verdicts reach the shipped model's MiniLM head (<see cref="HeadUpdate"/>, <see cref="HeadCorrection"/>): on the repository's
/// own labelled posts (category-set.tsv) and the shipped fused model, whose int8 graph outputs the pooled embedding.
/// </summary>
public sealed class HeadUpdateTests
{
    private static readonly Lazy<AdverseEventModel> Shipped = new(() =>
        AdverseEventModel.Load(Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip"), new AdverseEventFeaturizer()));

    private static IReadOnlyList<CategorySet.Row> English() =>
        CategorySet.Read(Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv"))
            .Where(r => PostLanguage.Guess(r.Text) != "fr").ToList();

    [Test]
    public void A_head_correction_fitted_on_a_few_verdicts_moves_those_posts_toward_the_verdict_and_leaves_the_others_nearly_unchanged()
    {
        var model = Shipped.Value;
        Assert.That(model.MiniLm?.NoHeadReason, Is.Null, "the shipped graph outputs the pooled embedding");
        var texts = English().Select(r => r.Text).ToList();
        var before = model.Score(texts);
        var miniLmBefore = model.Embed(texts)!.Probabilities;
        var threshold = model.ThresholdFor(PostDomain.Social);
        // The queue's six: the posts nearest the threshold, each answered against the model's side of it.
        var asked = Enumerable.Range(0, texts.Count).OrderBy(i => Math.Abs(before[i] - threshold)).Take(6).ToList();
        var verdict = asked.ToDictionary(i => i, i => before[i] < threshold);
        var featurizer = new AdverseEventFeaturizer();
        var scratch = new SparseFeatures();
        var others = Enumerable.Range(0, texts.Count).Where(i => !verdict.ContainsKey(i)).ToList();
        List<int> order = [.. asked, .. others];
        var prepared = VerdictUpdate.WithHead(model, order.Select(i => verdict.TryGetValue(i, out var label)
                ? VerdictUpdate.Prepare(model, featurizer, texts[i], label, scratch)
                : VerdictUpdate.Anchor(model, featurizer, texts[i], scratch)).ToList(),
            order.Select(i => texts[i]).ToList());

        var learned = VerdictUpdate.Apply(model, prepared);

        Assert.That(learned.Head, Is.Not.Null);
        Assert.That((learned.Head!.Verdicts, learned.Head.Anchors), Is.EqualTo((asked.Count, others.Count)));
        var after = learned.Score(texts);
        var miniLmAfter = learned.Embed(texts)!.Probabilities;
        // Toward the verdict, in log-odds for MiniLM (a post at 0.05 moves little in probability) and in the fused score.
        double Toward(int i, IReadOnlyList<float> from, IReadOnlyList<float> to, bool logit) =>
            (verdict[i] ? 1 : -1) * (logit ? Logit(to[i]) - Logit(from[i]) : to[i] - from[i]);
        var miniLmMoves = asked.Select(i => Toward(i, miniLmBefore, miniLmAfter, logit: true)).ToList();
        var fusedMoves = asked.Select(i => Toward(i, before, after, logit: false)).ToList();
        Assert.That(miniLmMoves.Average(), Is.GreaterThan(0.1), $"MiniLM's own log-odds move toward the verdicts: {string.Join(", ", miniLmMoves)}");
        // Six answers pull on one head: a verdict against the others' direction may move its post little, but not the wrong way.
        Assert.That(miniLmMoves, Is.All.GreaterThan(-0.01), "no judged post moves away from its verdict");
        Assert.That(fusedMoves.Average(), Is.GreaterThan(0.02), $"and so do the fused scores: {string.Join(", ", fusedMoves)}");
        var moved = others.Select(i => Math.Abs(after[i] - before[i])).ToList();
        Assert.That(moved.Average(), Is.LessThan(0.01), "the posts nobody judged keep their scores, on average");
        Assert.That(moved.Average(), Is.LessThan(fusedMoves.Average() / 4), "far less than the judged posts move");
    }

    [Test]
    public void A_head_correction_is_saved_in_the_model_zip_and_loaded_back()
    {
        var model = Shipped.Value;
        var texts = English().Select(r => r.Text).Take(40).ToList();
        var head = new HeadCorrection(Enumerable.Range(0, HeadCorrection.Dimensions).Select(i => (float)(0.02 * Math.Sin(i))).ToArray(), 0.4, 7, 100, HeadUpdate.Pull);
        var corrected = model.With(model.Linear, head, model.Card, model.Version);
        var dir = TestPaths.TempDirectory();
        try
        {
            var path = Path.Combine(dir, "candidate.zip");
            corrected.Save(path);

            var loaded = AdverseEventModel.Load(path, new AdverseEventFeaturizer());

            Assert.That(loaded.Head, Is.Not.Null);
            Assert.That(loaded.Head!.Weights, Is.EqualTo(head.Weights));
            Assert.That((loaded.Head.Bias, loaded.Head.Verdicts, loaded.Head.Anchors, loaded.Head.Pull), Is.EqualTo((head.Bias, head.Verdicts, head.Anchors, head.Pull)));
            var scores = loaded.Score(texts);
            Assert.That(scores, Is.EqualTo(corrected.Score(texts)).Within(1e-6), "the loaded model scores as the one saved");
            var shipped = model.Score(texts);
            Assert.That(scores.Select((s, i) => Math.Abs(s - shipped[i])).Max(), Is.GreaterThan(0.01), "and not as the uncorrected model");
            Promotion.Promote(path, Path.Combine(dir, "live.zip"));
            Assert.That(AdverseEventModel.Load(Path.Combine(dir, "live.zip"), new AdverseEventFeaturizer()).Head?.Weights, Is.EqualTo(head.Weights), "promote carries it");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void Train_fits_the_head_on_its_English_verdicts_held_by_the_other_social_posts()
    {
        var rows = English().Select((r, i) => new LabelledSentence(i % 4 == 0 ? AnalystVerdict.Corpus : TrainingCorpora.SmmEnglish, $"g{i}", r.Text,
            r.Category == PostCategory.AdverseEvent)).ToList();
        rows.Add(new LabelledSentence(AnalystVerdict.Corpus, "fr", "depuis que je prends ce médicament j'ai des vertiges tous les matins", true));

        var head = HeadUpdate.FromTraining(rows, Shipped.Value.MiniLm!);

        Assert.That(head, Is.Not.Null);
        Assert.That(head!.Verdicts, Is.EqualTo(rows.Count(r => r.Corpus == AnalystVerdict.Corpus) - 1), "the French verdict does not reach MiniLM");
        Assert.That(head.Anchors, Is.EqualTo(rows.Count(r => r.Corpus == TrainingCorpora.SmmEnglish)));
        Assert.That(head.Weights.Any(w => w != 0), "the verdicts moved the head");
    }

    [Test]
    public async Task A_graph_without_the_embedding_output_still_scores_and_says_verdicts_cannot_reach_its_head()
    {
        var model = Shipped.Value;
        var graph = OnnxOutputs.Without(model.Graph!.Read(), MiniLmScorer.EmbeddingOutput);
        using var old = new MiniLmScorer(graph, "old-minilm.onnx");
        var texts = English().Select(r => r.Text).Take(20).ToList();

        Assert.That(old.HasEmbedding, Is.False);
        Assert.That(old.NoHeadReason, Does.Contain("old-minilm.onnx has no 'embedding' output").And.Contain("only the n-gram part learns"));
        Assert.That(old.Score(texts), Is.EqualTo(model.MiniLm!.Score(texts)).Within(1e-6), "it scores as before");
        Assert.That(() => old.ScoreWithEmbeddings(texts), Throws.InvalidOperationException.With.Message.Contains("no 'embedding' output"));
        var oldModel = new AdverseEventModel(model.Linear, new AdverseEventFeaturizer(), model.Card, "old graph", old, graph);
        Assert.That(() => oldModel.With(model.Linear, new HeadCorrection(new float[HeadCorrection.Dimensions], 0, 1, 0, 1), model.Card, "x"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("no 'embedding' output"));
        Assert.That(HeadUpdate.FromTraining([new LabelledSentence(AnalystVerdict.Corpus, "a", texts[0], true)], old), Is.Null);

        var dir = TestPaths.TempDirectory();
        try
        {
            var path = Path.Combine(dir, "old.zip");
            oldModel.Save(path);
            var set = English();
            var pool = Path.Combine(dir, "pool.tsv");
            await File.WriteAllLinesAsync(pool, ["label\ttext", .. set.Select(r => $"{(r.Category == PostCategory.AdverseEvent ? 1 : 0)}\t{r.Text}")]);
            var (exit, stdout, stderr) = await new WorkerProcess(dir).RunAsync("learning-curve", "--model", path, "--pool", pool, "--test", pool, "--steps", "20");
            Assert.That(exit, Is.EqualTo(0), stderr);
            Assert.That(stderr, Does.Contain("has no 'embedding' output").And.Contain("verdicts cannot reach MiniLM's head"));
            Assert.That(stdout, Does.Contain("\"verdicts\":20,").And.Contain("\"headVerdicts\":0,"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static double Logit(float p) => Math.Log(p / (1 - p));
}
