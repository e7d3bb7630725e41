using System.Security.Cryptography;
using System.Text;
using Signals.Classification;
using Signals.Classification.Linear;
using Signals.Learning;

namespace Signals.Tests.Learning;

/// <summary>
/// The automatic promotion rule on the repository's own labelled posts (category-set.tsv, English and French): half are
/// analysts' verdicts, the other half, by language, the held-out splits both models are measured on.
/// </summary>
public sealed class PromotionTests
{
    private static readonly LearningOptions Rule = new() { AutoPromote = true, PromotionMargin = 0.01, MinimumSplitRows = 30 };

    private static (List<LabelledSentence> Verdicts, List<(string Name, List<LabelledSentence> Rows)> HeldOut) Split()
    {
        var rows = CategorySet.Read(Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv"))
            .Select(r => (Row: new LabelledSentence("verdicts", r.Text, r.Text, r.Category == PostCategory.AdverseEvent), r.Language)).ToList();
        bool heldOut(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text))[0] % 2 == 0;
        return (rows.Where(r => !heldOut(r.Row.Text)).Select(r => r.Row).ToList(),
            rows.Where(r => heldOut(r.Row.Text)).GroupBy(r => r.Language).Select(g => ($"held-out verdicts ({g.Key})", g.Select(r => r.Row).ToList())).ToList());
    }

    /// <summary>
    /// The shipped model's n-gram part alone: the promotion rule is tested where an update of the n-gram weights alone moves
    /// decisions plainly (in the fused model MiniLM carries most of an English post's score; verdicts reaching MiniLM's head
    /// are <see cref="HeadUpdateTests"/>').
    /// </summary>
    private static AdverseEventModel NgramPart(AdverseEventModel shipped) =>
        new(shipped.Linear, new AdverseEventFeaturizer(), shipped.Card! with { Transformer = null }, shipped.Version);

    private static AdverseEventModel Learned(AdverseEventModel from, IEnumerable<LabelledSentence> verdicts, bool flip)
    {
        var featurizer = new AdverseEventFeaturizer();
        var scratch = new SparseFeatures();
        return VerdictUpdate.Apply(from, verdicts.Select(v => VerdictUpdate.Prepare(from, featurizer, v.Text, v.Label != flip, scratch)).ToList());
    }

    private static IReadOnlyList<SplitComparison> Compare(AdverseEventModel candidate, AdverseEventModel live,
        List<(string Name, List<LabelledSentence> Rows)> heldOut) =>
        heldOut.Select(h => Promotion.Compare(PostDecider.Shipped(), candidate, live, h.Name, h.Rows)).ToList();

    [Test]
    public void A_candidate_learned_from_flipped_verdicts_is_not_promoted()
    {
        var (verdicts, heldOut) = Split();
        var live = NgramPart(AdverseEventModel.Load(SignalsPaths.Resolve("models", "adverse-event.zip"), new AdverseEventFeaturizer()));
        var bad = Learned(live, verdicts, flip: true);
        var splits = Compare(bad, live, heldOut);
        Assert.That(splits, Has.Count.EqualTo(2));
        Assert.That(splits.Min(s => s.Difference), Is.Negative, string.Join("; ", splits));
        var (promote, reason) = Promotion.Decide(splits, Rule);
        Assert.That(promote, Is.False, reason);
    }

    [Test]
    public void A_candidate_better_on_every_split_is_promoted_and_only_then_does_the_worker_load_it()
    {
        var (verdicts, heldOut) = Split();
        var shipped = NgramPart(AdverseEventModel.Load(SignalsPaths.Resolve("models", "adverse-event.zip"), new AdverseEventFeaturizer()));
        var dir = TestPaths.TempDirectory();
        try
        {
            // The live model here is one that learned wrong answers; the candidate learned the right ones from the same posts.
            var livePath = Path.Combine(dir, "adverse-event.zip");
            Learned(shipped, verdicts, flip: true).Save(livePath);
            var live = AdverseEventModel.Load(livePath, new AdverseEventFeaturizer());
            var candidatePath = Path.Combine(dir, "adverse-event.candidate.zip");
            Learned(shipped, verdicts, flip: false).Save(candidatePath);
            var candidate = AdverseEventModel.Load(candidatePath, new AdverseEventFeaturizer());
            var splits = Compare(candidate, live, heldOut);
            Assert.That(splits.Min(s => s.Difference), Is.GreaterThanOrEqualTo(Rule.PromotionMargin), string.Join("; ", splits));

            using var worker = new AdverseEventClassifier(livePath);
            Assert.That(worker.ReloadIfChanged(), Is.False, "a candidate written beside the live model is not loaded");
            Assert.That(worker.ModelVersion, Is.EqualTo(live.Version));
            var (promote, reason) = Promotion.Decide(splits, Rule);
            Assert.That(promote, Is.True, reason);
            Promotion.Promote(candidatePath, livePath);
            Assert.That(worker.ReloadIfChanged(), Is.True, "the promoted file is hot-loaded");
            Assert.That(worker.Current.Version.Split('@')[1], Is.EqualTo(candidate.Version.Split('@')[1]), "the same bytes as the candidate");
            Assert.That(File.ReadAllText(ModelCard.PathFor(livePath)), Is.EqualTo(File.ReadAllText(ModelCard.PathFor(candidatePath))), "its card with it");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void The_rule_refuses_a_split_too_small_to_judge_or_a_gain_below_the_margin()
    {
        Assert.That(Promotion.Decide([new("a", 10, 0.9, 0.5)], Rule).Promote, Is.False);
        Assert.That(Promotion.Decide([new("a", 100, 0.9, 0.5), new("b", 100, 0.505, 0.5)], Rule).Promote, Is.False);
        Assert.That(Promotion.Decide([new("a", 100, 0.9, 0.5), new("b", 100, 0.52, 0.5)], Rule).Promote, Is.True);
        Assert.That(Promotion.Decide([], Rule).Promote, Is.False);
    }
}

/// <summary>The promotion rule's settings are checked at start, by every verb that builds the host.</summary>
public sealed class LearningOptionsTests
{
    [Test]
    public async Task A_promotion_margin_out_of_range_stops_train_with_exit_78_naming_the_key()
    {
        var dir = TestPaths.TempDirectory();
        try
        {
            var worker = new Signals.Tests.EndToEnd.WorkerProcess(dir);
            worker.Environment["Signals__Learning__PromotionMargin"] = "2";
            var (exit, _, stderr) = await worker.RunAsync("train", "--data", Path.Combine(dir, "none.tsv"), "--verdicts");
            Assert.That(exit, Is.EqualTo(78), stderr);
            Assert.That(stderr, Does.Contain("Signals:Learning:PromotionMargin must be between 0 and 0.5"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
