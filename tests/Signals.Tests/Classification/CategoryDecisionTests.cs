using Signals.Classification;

namespace Signals.Tests.Classification;

/// <summary>
/// The worker's decision (category) with the shipped model, lexicon and cues, on posts written for this project:
/// category-set.tsv holds 314 English and French posts, every one written by hand for these tests (no shared-task,
/// PsyTAR or CADEC text), 62–66 per category.
/// </summary>
public sealed class CategoryDecisionTests
{
    private static string ShippedModel => Path.Combine(TestPaths.RepoRoot, "models", "adverse-event.zip");
    private static string SetPath => Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv");

    private static readonly Lazy<AdverseEventModel> Model = new(() => AdverseEventModel.Load(ShippedModel, new AdverseEventFeaturizer()));

    private static PostCategory Decide(string text) => PostDecider.Shipped().Decide(Model.Value, [text])[0];

    // The five sentences a new user tried (issue 13), each wrong before.
    [TestCase("I've been on Synthroid for ten years and never had a single side effect", PostCategory.Other)]
    [TestCase("Since switching to Euthyrox my hair stopped falling out and I have energy again", PostCategory.Other)]
    [TestCase("My Rebif injection sites are bruised and sore for days", PostCategory.AdverseEvent)]
    [TestCase("Can I keep my Rebif pen out of the fridge?", PostCategory.UsageQuestion)]
    [TestCase("Ma boîte de Levothyrox est arrivée abîmée, les comprimés sont cassés", PostCategory.ProductComplaint)]
    public void The_five_sentences_of_the_issue_get_their_category(string text, PostCategory expected) =>
        Assert.That(Decide(text), Is.EqualTo(expected));

    [Test]
    public void The_category_set_has_at_least_300_posts_in_english_and_french_for_every_category()
    {
        var set = CategorySet.Read(SetPath);
        Assert.That(set, Has.Count.GreaterThanOrEqualTo(300));
        foreach (var category in PostCategories.All)
            foreach (var language in new[] { "en", "fr" })
                Assert.That(set.Count(r => r.Category == category && r.Language == language), Is.GreaterThanOrEqualTo(25), $"{category.Name()}/{language}");
    }

    [Test]
    public void Every_category_is_recalled_at_least_eight_times_in_ten_on_the_category_set()
    {
        var set = CategorySet.Read(SetPath);
        var decided = PostDecider.Shipped().Decide(Model.Value, set.Select(r => r.Text).ToList());
        var metrics = PostDecider.PerCategory(set.Select(r => r.Category).ToList(), decided);
        foreach (var m in metrics) TestContext.Out.WriteLine(m);
        foreach (var language in new[] { "en", "fr" })
        {
            var rows = set.Select((r, i) => (r, i)).Where(x => x.r.Language == language).ToList();
            foreach (var m in PostDecider.PerCategory(rows.Select(x => x.r.Category).ToList(), rows.Select(x => decided[x.i]).ToList()))
                TestContext.Out.WriteLine($"{language} {m}");
        }
        var misses = set.Select((r, i) => (r, i)).Where(x => decided[x.i] != x.r.Category).Select(x => $"{x.r.Category.Name()} → {decided[x.i].Name()}: {x.r.Text}");
        TestContext.Out.WriteLine(string.Join("\n", misses));
        Assert.That(metrics.Select(m => (m.Category, m.Recall)), Has.All.Matches<(string Category, double Recall)>(m => m.Recall >= 0.8), string.Join("; ", metrics));
    }

    [Test]
    public void A_category_file_with_an_unknown_category_names_its_line()
    {
        var file = Path.Combine(TestPaths.TempDirectory(), "bad-categories.tsv");
        File.WriteAllLines(file, ["category\tlang\ttext", "other\ten\tfine", "complaint\ten\tpen jammed"]);
        var ex = Assert.Throws<InvalidDataException>(() => CategorySet.Read(file));
        Assert.That(ex!.Message, Does.Contain($"{file} line 3").And.Contain("complaint"));
    }
}
