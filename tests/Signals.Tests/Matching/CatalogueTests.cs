using System.Diagnostics;
using System.IO.Compression;
using Signals.Matching;

namespace Signals.Tests.Matching;

/// <summary>
/// The catalogue mode (Signals:Matching:Watch = catalogue): every medicine of config/catalogue.json.gz with the watch
/// list on top, against the varied mentions (TestData/matching/product-mentions.tsv, all of them) and the ordinary
/// sentences that must match nothing (ordinary-sentences.txt).
/// </summary>
public sealed class CatalogueTests
{
    private static readonly MatchingOptions Options = new()
    {
        Watch = MatchingOptions.WatchCatalogue,
        ProductsFile = Path.Combine(TestPaths.RepoRoot, "config", "products.json"),
        CatalogueFile = Path.Combine(TestPaths.RepoRoot, "config", "catalogue.json.gz"),
    };
    private static readonly ProductCatalog Catalog = MatchingServiceCollectionExtensions.Catalog(Options);
    private static readonly ProductMatcher Products = new(Catalog);
    private static string Data(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "matching", name);

    [Test]
    public void The_product_is_found_in_at_least_95_percent_of_varied_mentions_across_the_catalogue()
    {
        var mentions = File.ReadLines(Data("product-mentions.tsv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        Assert.That(mentions.Select(m => m[0]).Distinct().Count(), Is.GreaterThanOrEqualTo(100), "products in the mention set");
        var missed = mentions.Where(m => !Products.Match(m[1]).Contains(m[0])).Select(m => $"{m[0]}: {m[1]} → [{string.Join(", ", Products.Match(m[1]))}]").ToList();
        var recall = 1.0 - (double)missed.Count / mentions.Count;
        TestContext.Out.WriteLine($"catalogue recall {recall:P1} ({mentions.Count - missed.Count}/{mentions.Count}); missed: {string.Join(" | ", missed)}");
        Assert.That(recall, Is.GreaterThanOrEqualTo(0.95), string.Join("\n", missed));
    }

    [Test]
    public void At_least_300_ordinary_sentences_match_no_product_of_the_catalogue()
    {
        var sentences = File.ReadLines(Data("ordinary-sentences.txt")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.That(sentences, Has.Count.GreaterThanOrEqualTo(300));
        var wrong = sentences.Select(s => (s, found: Products.Explain(s))).Where(x => x.found.Count > 0)
            .Select(x => $"{x.s} → {string.Join(", ", x.found.Select(m => $"{m.Product} ({m.Name})"))}").ToList();
        Assert.That(wrong, Is.Empty);
    }

    [TestCase("levothyroxine sodium 50 mcg", "levothyroxine")]
    [TestCase("lévothyroxine sodique", "levothyroxine")]
    [TestCase("chlorhydrate de metformine", "metformin")]
    [TestCase("j'ai eu du paracétamol", "acetaminophen")]
    [TestCase("Augmentin", "amoxicillin + clavulanic acid")]
    [TestCase("Ixprim", "acetaminophen + tramadol")]
    public void Salt_forms_fold_into_the_substance_and_combinations_stay_combinations(string text, string product) =>
        Assert.That(Products.Match(text), Is.EqualTo(new[] { product }));

    [TestCase("Depakine Chrono 500", "valproate")]     // the catalogue's valproic acid, under the watch list's id
    [TestCase("Micropakine", "valproate")]
    [TestCase("mon levotyrox", "levothyroxine")]        // the watch list's misspelling
    [TestCase("took my Emend 125 mg", "aprepitant")]
    public void The_watch_list_takes_over_the_catalogue_products_it_names(string text, string product) =>
        Assert.That(Products.Match(text), Is.EqualTo(new[] { product }));

    [Test]
    public void A_name_the_watch_list_gives_a_product_belongs_to_that_product_only() =>
        Assert.That(Catalog.Products.Where(p => p.Names.Any(n => string.Join(' ', TextNormalizer.Tokens(n)) == "thyroxine")).Select(p => p.Id), Is.EqualTo(new[] { "levothyroxine" }));

    [TestCase("a shot of caffeine and off to work", "caffeine 200 mg tablets", "caffeine")]
    [TestCase("there is no plan b", "took plan b this morning", "levonorgestrel")]
    [TestCase("aspirin", "aspirin 325 mg", "acetylsalicylic acid")]
    public void Names_that_are_ordinary_words_match_only_beside_a_drug_context_word(string plain, string withContext, string? product)
    {
        Assert.That(Products.Match(plain), Is.Empty);
        if (product is not null) Assert.That(Products.Match(withContext), Does.Contain(product));
    }

    [Test]
    public void Ordinary_words_one_letter_from_a_name_are_not_read_as_that_name()
    {
        Assert.That(Catalog.NotTypos, Has.Count.GreaterThan(100));
        var wrong = Catalog.NotTypos.Where(w => Products.Match(w).Count > 0).ToList();
        Assert.That(wrong, Is.Empty);
        Assert.That(Products.Match("doliprame 1000"), Is.EqualTo(new[] { "acetaminophen" }), "a misspelling that is no word still matches");
    }

    [Test]
    public void Explain_names_the_words_that_matched_each_product() =>
        Assert.That(Products.Explain("levotyrox et doliprane"), Is.EqualTo(new[]
        {
            new ProductMention("levothyroxine", "levotyrox"), new ProductMention("acetaminophen", "doliprane"),
        }));

    [Test]
    public void An_unknown_watch_mode_is_refused_naming_the_key()
    {
        var options = new MatchingOptions { Watch = "everything" };
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();
        Assert.That(errors, Has.Some.Contains("Signals:Matching:Watch"));
    }

    [Test]
    public void The_builder_reproduces_the_committed_catalogue_from_the_shared_data()
    {
        var data = TestPaths.Shared("data/bdpm-fr");
        var output = Path.Combine(TestPaths.TempDirectory(), "catalogue.json.gz");
        var start = new ProcessStartInfo("python3", ["scripts/build-catalogue.py", "--data", Path.GetDirectoryName(data)!, "--out", output])
        {
            WorkingDirectory = TestPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        TestContext.Out.WriteLine(process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), stderr.Result);
        Assert.That(Unzip(output), Is.EqualTo(Unzip(Path.Combine(TestPaths.RepoRoot, "config", "catalogue.json.gz"))),
            "config/catalogue.json.gz is not what scripts/build-catalogue.py builds: run it again and commit the result");
    }

    private static string Unzip(string path)
    {
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        return new StreamReader(stream).ReadToEnd();
    }
}
