using Signals.Matching;

namespace Signals.Tests.Matching;

/// <summary>
/// Issue 24, items 1–4, in catalogue mode: medicines as people name them (nicotine replacement, esters dropped, compound
/// and spaced brands, a strength glued on) and the technical and news words that are not medicines. Sentences written
/// for this project in the shape of real posts, English and French.
/// </summary>
public sealed class CatalogueVocabularyTests
{
    private static readonly ProductMatcher Products = new(MatchingServiceCollectionExtensions.Catalog(new MatchingOptions
    {
        Watch = MatchingOptions.WatchCatalogue,
        ProductsFile = Path.Combine(TestPaths.RepoRoot, "config", "products.json"),
        CatalogueFile = Path.Combine(TestPaths.RepoRoot, "config", "catalogue.json.gz"),
    }));

    [TestCase("day 3 on the nicotine patch and not a single cigarette")]
    [TestCase("chewing nicotine gum like crazy at work")]
    [TestCase("those nicotine lozenges actually work")]
    [TestCase("my nicotine inhaler ran out")]
    [TestCase("nicotine replacement therapy is free if you ask")]
    [TestCase("Nicorette 2mg every two hours")]
    [TestCase("NiQuitin 21 mg since monday")]
    [TestCase("switched to nicoderm")]
    [TestCase("Nicotinell ne me fait plus rien")]
    [TestCase("je suis aux patchs de nicotine depuis lundi")]
    [TestCase("les gommes à la nicotine me donnent le hoquet")]
    [TestCase("spray nicotine dans la poche, au cas où")]
    public void Nicotine_with_a_dosage_form_or_a_brand_is_the_medicine(string text) =>
        Assert.That(Products.Match(text), Does.Contain("nicotine"));

    [TestCase("I need nicotine so bad right now")]
    [TestCase("smokers crave nicotine, not smoke")]
    [TestCase("la nicotine est plus addictive que l'héroïne")]
    [TestCase("vapes with less nicotine are still vapes")]
    public void Nicotine_alone_in_smoking_talk_is_no_medicine(string text) => Assert.That(Products.Match(text), Is.Empty);

    [TestCase("started dabigatran last week, bruising already", "dabigatran etexilate")]
    [TestCase("on dabigatran étexilate depuis mon AVC", "dabigatran etexilate")]
    [TestCase("olmesartan 20 mg gives me a cough", "olmesartan medoxomil")]
    [TestCase("l'olmésartan me fatigue", "olmesartan medoxomil")]
    [TestCase("azilsartan since the spring", "azilsartan medoxomil")]
    [TestCase("tenofovir makes me nauseous", "tenofovir disoproxil")]
    [TestCase("mycophenolate after my transplant", "mycophenolic acid")] // also the name of Myfortic's acid: it stays there
    public void An_ester_or_prodrug_named_without_its_ester_is_found(string text, string product) =>
        Assert.That(Products.Match(text), Does.Contain(product));

    [TestCase("Gonal-f 900 pen for IVF")]
    [TestCase("gonal f injections started today")]
    [TestCase("my gonalf dose went up")]
    [TestCase("GONAL-F en stylo, ça pique")]
    [TestCase("gonalf 75 ce soir")]
    public void Gonal_f_is_found_hyphenated_spaced_or_joined(string text) => Assert.That(Products.Match(text), Does.Contain("follitropin"));

    [TestCase("Levothyrox nouvelle formule", "levothyroxine")]
    [TestCase("L-Thyroxin aus Deutschland", "levothyroxine")]
    [TestCase("la l thyroxin allemande", "levothyroxine")]
    [TestCase("LThyroxin Henning 100", "levothyroxine")]
    [TestCase("levothyrox75 depuis mars", "levothyroxine")]
    [TestCase("Rebif 44 three times a week", "interferon beta-1a")]
    [TestCase("rebif44 side effects tonight", "interferon beta-1a")]
    [TestCase("doliprane1000 et au lit", "acetaminophen")]
    public void Compound_names_and_a_strength_glued_on_are_found(string text, string product) =>
        Assert.That(Products.Match(text), Does.Contain(product));

    // Each was read as a medicine before (one typo, or two the symmetric-delete index paired): programming terms, a company,
    // a country, a German word, a verb's -ing form.
    [TestCase("symlink the config folder into your home directory")]
    [TestCase("use subprocess instead of os.popen in new code")]
    [TestCase("random.randint returns an integer in the closed range")]
    [TestCase("bump the semver major version when the API breaks")]
    [TestCase("Tesla shares fell after the earnings call")]
    [TestCase("Teslas are now cheaper in Europe")]
    [TestCase("Britain votes on the new energy bill")]
    [TestCase("an info stealer was found in the npm package")]
    [TestCase("morphing animations in the new UI toolkit")]
    [TestCase("der Wandel der Energiepolitik")]
    [TestCase("compile the thesis with luatex")]
    public void Technical_and_news_words_near_a_name_are_not_medicines(string text) => Assert.That(Products.Explain(text), Is.Empty);

    [Test]
    public void An_everyday_word_near_a_name_is_that_name_beside_a_drug_context_word()
    {
        Assert.That(Products.Match("symlink"), Is.Empty);
        Assert.That(Products.Match("my symlink injection 60 mcg before meals"), Does.Contain("pramlintide"));
        Assert.That(Products.Match("taking ritalin"), Does.Contain("methylphenidate"), "a name as written still matches");
    }
}
