using Signals.Classification;

namespace Signals.Tests.Learning;

/// <summary><c>train --verdicts</c> at the trainer: verdict rows beside a shared corpus, split by author, counted in the card.</summary>
public sealed class TrainVerdictsTests
{
    [Test]
    public void Verdicts_train_beside_the_shared_data_one_authors_posts_on_one_side_and_the_card_counts_them_by_language()
    {
        var data = TestPaths.Shared("data");
        var set = CategorySet.Read(Path.Combine(TestPaths.RepoRoot, "tests", "Signals.Tests", "Classification", "category-set.tsv"));
        // Forty authors with three or four posts each.
        var verdicts = set.Select((r, i) => new AnalystVerdict(i, r.Text, r.Category == PostCategory.AdverseEvent, $"author-{i % 40}", r.Language)).ToList();
        var trained = new AdverseEventModelTrainer(TimeProvider.System).TrainOnSharedData(data, maxTrainingRows: 300, folds: 2,
            corpora: [TrainingCorpora.SmmFrench], verdicts: verdicts);

        var card = trained.Card.Verdicts;
        Assert.That(card, Is.Not.Null);
        Assert.That(card!.Training + card.HeldOut, Is.EqualTo(verdicts.Count));
        Assert.That(card.HeldOut, Is.InRange(1, verdicts.Count / 2), "about a fifth of the authors held out");
        Assert.That(card.Languages, Is.EquivalentTo(verdicts.GroupBy(v => v.Language!).ToDictionary(g => g.Key, g => g.Count())));
        var heldOut = trained.HeldOutRows.Single(h => h.Name == AnalystVerdict.HeldOutName).Rows;
        var heldOutAuthors = heldOut.Select(r => r.Group).ToHashSet();
        var trainedAuthors = verdicts.Select(v => v.Author!).Where(a => !heldOutAuthors.Contains(a)).ToHashSet();
        Assert.That(heldOut, Has.Count.EqualTo(verdicts.Count(v => heldOutAuthors.Contains(v.Author!))), "all of a held-out author's posts are held out");
        Assert.That(card.Training, Is.EqualTo(verdicts.Count(v => trainedAuthors.Contains(v.Author!))), "and none of a training author's");
        Assert.That(trained.Card.HeldOut.Select(m => m.Split), Does.Contain(AnalystVerdict.HeldOutName), "the held-out verdicts are measured");
        Assert.That(trained.Card.Training.Select(t => t.Corpus), Does.Contain(AnalystVerdict.Corpus));
    }
}
