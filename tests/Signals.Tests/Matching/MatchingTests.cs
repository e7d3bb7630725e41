using Signals.Matching;

namespace Signals.Tests.Matching;

/// <summary>Matching with the shipped lexicons (config/products.json, config/events.json).</summary>
public sealed class MatchingTests
{
    private static readonly string Config = Path.Combine(TestPaths.RepoRoot, "config");
    private static readonly ProductMatcher Products = new(ProductCatalog.Load(Path.Combine(Config, "products.json")));
    private static readonly EventMatcher Events = new(EventLexicon.Load(Path.Combine(Config, "events.json")));

    [TestCase("LÉVOTHYROX", new[] { "levothyrox" })]
    [TestCase("Je prends l'Euthyrox", new[] { "je", "prends", "l", "euthyrox" })]
    [TestCase("#Levothyrox 😡 https://t.co/x1 @ansm", new[] { "levothyrox" })]
    [TestCase("soooo tiiiired", new[] { "soo", "tiired" })]
    [TestCase("L-Thyroxin Henning", new[] { "l", "thyroxin", "henning" })]
    [TestCase("cœur", new[] { "coeur" })]
    [TestCase("Straße ÆON e\u0301te\u0301", new[] { "strasse", "aeon", "ete" })]
    [TestCase("voir:https://x.co/a,b www.ex.fr ok", new[] { "voir", "ok" })]
    public void Normaliser_folds_case_accents_hashtags_elisions_urls_and_elongations(string text, string[] tokens) =>
        Assert.That(TextNormalizer.Tokens(text), Is.EqualTo(tokens));

    [Test]
    public void Normaliser_buffer_grows_for_long_posts_and_is_reused_from_post_to_post()
    {
        var tokens = new NormalizedText();
        var words = Enumerable.Range(0, 700).Select(i => $"mot{i % 10}x{i / 10}é").ToList();
        tokens.Load(string.Join(' ', words) + " Levothyrox"); // 6,000 characters, 701 tokens: past both initial buffers
        Assert.That(tokens.ToList(), Is.EqualTo(words.Select(w => w.Replace('é', 'e')).Append("levothyrox")));
        Assert.That(Products.Match(tokens), Is.EqualTo(new[] { "levothyroxine" }));
        tokens.Load("beach day");
        Assert.That(tokens.ToList(), Is.EqualTo(new[] { "beach", "day" }));
        Assert.That(Products.Match(tokens), Is.Empty);
    }

    [TestCase("levothyrox")]
    [TestCase("aabbbcc")]
    [TestCase("x")]
    public void Deletion_hashes_in_one_pass_are_the_hashes_of_each_deletion(string word)
    {
        var hashes = new ulong[word.Length];
        VariantSieve.DeletionHashes(word, hashes);
        Assert.That(hashes, Is.EqualTo(Enumerable.Range(0, word.Length).Select(i => VariantSieve.Hash(word.Remove(i, 1)))));
    }

    [TestCase("Depuis le nouveau Levothyrox je suis épuisée", "levothyroxine")]
    [TestCase("LEVOTHYROX nouvelle formule", "levothyroxine")]
    [TestCase("j'ai repris l'Euthyrox", "levothyroxine")]
    [TestCase("my synthroid dose went up", "levothyroxine")]
    [TestCase("levotyrox c'est l'enfer", "levothyroxine")]
    [TestCase("#lévothyroxine", "levothyroxine")]
    [TestCase("L-Thyroxin Henning 100", "levothyroxine")]
    [TestCase("Tahor et douleurs musculaires", "atorvastatin")]
    [TestCase("started Glucophage XR", "metformin")]
    [TestCase("interféron bêta-1a trois fois par semaine", "interferon beta-1a")]
    [TestCase("Roaccutane depuis 2 mois", "isotretinoin")]
    [TestCase("ozempic and nausea", "semaglutide")]
    public void Product_is_found_by_brand_generic_or_misspelling_in_english_and_french(string text, string product) =>
        Assert.That(Products.Match(text), Is.EqualTo(new[] { product }));

    [TestCase("my syntroid dose", "levothyroxine")]
    [TestCase("metfromin and nausea", "metformin")]
    [TestCase("loved Seratraline", "sertraline")]
    [TestCase("without Zolot", "sertraline")]
    [TestCase("ozempick week 3", "semaglutide")]
    public void One_typo_in_a_name_of_six_letters_or_more_still_matches(string text, string product) =>
        Assert.That(Products.Match(text), Is.EqualTo(new[] { product }));

    [TestCase("éruption cutanée sur les bras")]          // one typo from the misspelling "acutane": misspellings are not widened
    [TestCase("porphyria cutanea tarda")]
    [TestCase("the thyroid question and my position")]
    [TestCase("I love my mother, monitoring the situation")]
    [TestCase("tahoe trip")]                             // Tahor is too short for typos
    public void Typo_tolerance_does_not_fire_on_ordinary_words(string text) => Assert.That(Products.Match(text), Is.Empty);

    [TestCase("levothyroxinemia is not a word")]
    [TestCase("the tahoreau family")]
    [TestCase("beautiful day at the beach")]
    public void No_product_inside_longer_words_or_unrelated_text(string text) => Assert.That(Products.Match(text), Is.Empty);

    [Test]
    public void Several_products_are_all_found_once() =>
        Assert.That(Products.Match("Levothyrox, metformin and more Levothyrox"), Is.EqualTo(new[] { "levothyroxine", "metformin" }));

    [TestCase("my hair is falling out since Synthroid", "alopecia")]
    [TestCase("je perds mes cheveux par poignées", "alopecia")]
    [TestCase("des crampes toute la nuit", "muscle spasms")]
    [TestCase("terrible headaches", "headache")]
    [TestCase("des maux de tête", "headache")]
    [TestCase("so exhausted", "fatigue")]
    [TestCase("vertiges et palpitations", "dizziness", "palpitations")]
    public void Lay_words_map_to_standard_event_terms(string text, params string[] terms) =>
        Assert.That(Events.Match(text), Is.EquivalentTo(terms));

    [TestCase("No side effects so far")]
    [TestCase("pas d'effets secondaires")]
    [TestCase("no headaches, no nausea, all good")]
    [TestCase("je n'ai pas de crampes")]
    [TestCase("I don't have any headaches")]
    [TestCase("sans vertiges depuis la baisse de dose")]
    public void Negated_events_do_not_count(string text) => Assert.That(Events.Match(text), Is.Empty);

    [TestCase("My Humira pen jammed again", true)]
    [TestCase("le stylo est bloqué", true)]
    [TestCase("mes comprimés s'effritent", true)]
    [TestCase("terrible headaches", false)]
    public void Product_complaints_are_told_apart(string text, bool complaint) => Assert.That(Events.IsComplaint(text), Is.EqualTo(complaint));

    [Test]
    public void Bad_lexicon_file_is_named_in_the_error()
    {
        var file = Path.Combine(TestPaths.TempDirectory(), "products.json");
        File.WriteAllText(file, "{ \"products\": [ { \"id\": ");
        var ex = Assert.Throws<InvalidDataException>(() => ProductCatalog.Load(file));
        Assert.That(ex!.Message, Does.Contain(file));
    }
}
