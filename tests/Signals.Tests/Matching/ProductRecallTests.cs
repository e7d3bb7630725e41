using Signals.Matching;

namespace Signals.Tests.Matching;

/// <summary>
/// The shipped watch list against a varied set of real-style mentions (TestData/matching/product-mentions.tsv:
/// brands and generics, English and French, misspellings, hashtags, elisions such as l'Euthyrox) and ordinary
/// sentences that must match nothing (ordinary-sentences.txt), brands that are also words among them.
/// </summary>
public sealed class ProductRecallTests
{
    private static readonly ProductMatcher Products = new(ProductCatalog.Load(Path.Combine(TestPaths.RepoRoot, "config", "products.json")));
    private static string Data(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "matching", name);

    [Test]
    public void The_product_is_found_in_at_least_95_percent_of_varied_mentions()
    {
        // The mentions of products outside the watch list are for the catalogue mode (CatalogueTests).
        var watched = ProductCatalog.Load(Path.Combine(TestPaths.RepoRoot, "config", "products.json")).Products.Select(p => p.Id).ToHashSet();
        var mentions = File.ReadLines(Data("product-mentions.tsv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Where(m => watched.Contains(m[0])).ToList();
        Assert.That(mentions, Has.Count.GreaterThanOrEqualTo(100));
        var missed = mentions.Where(m => !Products.Match(m[1]).Contains(m[0])).Select(m => $"{m[0]}: {m[1]}").ToList();
        var recall = 1.0 - (double)missed.Count / mentions.Count;
        TestContext.Out.WriteLine($"product recall {recall:P1} ({mentions.Count - missed.Count}/{mentions.Count}); missed: {string.Join(" | ", missed)}");
        Assert.That(recall, Is.GreaterThanOrEqualTo(0.95), string.Join("\n", missed));
    }

    [Test]
    public void Ordinary_sentences_match_no_product()
    {
        var sentences = File.ReadLines(Data("ordinary-sentences.txt")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var wrong = sentences.Select(s => (s, found: Products.Match(s))).Where(x => x.found.Count > 0).Select(x => $"{x.s} → {string.Join(", ", x.found)}").ToList();
        Assert.That(wrong, Is.Empty);
    }

    [TestCase("I need to emend the draft before Friday")]
    [TestCase("Emend")]
    public void A_brand_that_is_an_ordinary_word_does_not_match_on_its_own(string text) => Assert.That(Products.Match(text), Is.Empty);

    [TestCase("Emend 80 mg before chemo")]
    [TestCase("took my Emend this morning")]
    [TestCase("l'Emend en gélule")]
    public void A_brand_that_is_an_ordinary_word_matches_beside_a_drug_context_word(string text) =>
        Assert.That(Products.Match(text), Is.EqualTo(new[] { "aprepitant" }));
}
