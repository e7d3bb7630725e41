using System.Text.Json;
using Signals.Classification;
using Signals.Matching;

namespace Signals.Tests.Matching;

/// <summary>
/// The event lexicon (config/events.json) against the adverse-reaction mentions that annotators marked in patient
/// posts it was not built from: the held-out fifth of CADEC posts and of PsyTAR reviews (the same stable hash as the
/// classifier's split, <see cref="LabelledSentence.IsHeldOut"/>; the lexicon's phrases were chosen on the other four
/// fifths). A mention is named when the matcher finds an event term in it. The texts stay in ../shared/data (research
/// use only): nothing of them is copied into the repository.
/// </summary>
public sealed class EventRecallTests
{
    private static readonly EventMatcher Events = new(EventLexicon.Load(Path.Combine(TestPaths.RepoRoot, "config", "events.json")));

    [Test]
    public void At_least_80_percent_of_held_out_cadec_adverse_reaction_mentions_are_named()
    {
        var mentions = new List<string>();
        foreach (var line in File.ReadLines(TestPaths.Shared("data/cadec/cadec-posts.jsonl")))
        {
            using var post = JsonDocument.Parse(line);
            if (!new LabelledSentence("cadec", post.RootElement.GetProperty("post").GetString()!, "", true).IsHeldOut) continue;
            foreach (var entity in post.RootElement.GetProperty("entities").EnumerateArray())
                if (entity.GetProperty("type").GetString() == "ADR") mentions.Add(entity.GetProperty("text").GetString()!);
        }
        AssertNamed("CADEC", mentions);
    }

    [Test]
    public void At_least_80_percent_of_held_out_psytar_adverse_reaction_mentions_are_named()
    {
        var mentions = File.ReadLines(TestPaths.Shared("data/adr-lay-phrases/psytar-adr-mentions.tsv")).Skip(1)
            .Select(l => l.Split('\t')).Where(c => c.Length >= 3 && new LabelledSentence("psytar", c[0], "", true).IsHeldOut).Select(c => c[2]).ToList();
        AssertNamed("PsyTAR", mentions);
    }

    private static void AssertNamed(string corpus, List<string> mentions)
    {
        Assert.That(mentions, Has.Count.GreaterThan(500), $"held-out {corpus} mentions");
        var missed = mentions.Where(m => Events.Match(m).Count == 0).ToList();
        var named = 1.0 - (double)missed.Count / mentions.Count;
        TestContext.Out.WriteLine($"{corpus} held out: {named:P1} of {mentions.Count} adverse-reaction mentions named");
        Assert.That(named, Is.GreaterThanOrEqualTo(0.80), $"{corpus}: {missed.Count} of {mentions.Count} not named");
    }

    [TestCase("my hair is coming out in clumps", "alopecia")]
    [TestCase("brain zaps since I came off it", "electric shock sensation")]
    [TestCase("withdrawal was hell", "withdrawal syndrome")]
    [TestCase("injection site is red and swollen", "injection site reaction")]
    [TestCase("la piqûre brûle, rougeur au point d'injection", "injection site reaction")]
    [TestCase("des décharges électriques dans la tête depuis le sevrage", "electric shock sensation", "withdrawal syndrome")]
    public void Lay_phrases_of_injection_sites_devices_and_withdrawal_name_their_terms(string text, params string[] terms) =>
        Assert.That(Events.Match(text), Is.SupersetOf(terms));

    [TestCase("terrible muscle pain", "myalgia")]
    [TestCase("my blood pressure went up", "hypertension")]
    public void The_longest_overlapping_phrase_wins(string text, string term) => Assert.That(Events.Match(text), Is.EqualTo(new[] { term }));

    [TestCase("lots of anxiety", "anxiety")]
    [TestCase("de plus en plus de migraines", "headache")]
    public void A_word_of_a_multi_word_negation_does_not_negate_alone(string text, string term) => Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("free of headaches at last")]
    [TestCase("plus aucune crampe")]
    public void A_multi_word_negation_negates(string text) => Assert.That(Events.Match(text), Is.Empty);

    [TestCase("le stylo a fui, dose pas injectée")]
    [TestCase("the autoinjector misfired and the medication leaked")]
    public void Pen_and_device_problems_are_product_complaints(string text) => Assert.That(Events.IsComplaint(text), Is.True);

    [TestCase("I take it before work, then drive to the office", "functional impairment")]
    [TestCase("my sleep is fine", "insomnia")]
    public void A_weak_word_alone_names_no_event(string text, string term) => Assert.That(Events.Match(text), Does.Not.Contain(term));

    [TestCase("I can't function at work", "functional impairment")]
    [TestCase("terrible sleep since the switch", "insomnia")]
    [TestCase("des problèmes de mémoire", "memory impairment")]
    public void A_weak_word_beside_a_cue_of_trouble_names_its_event(string text, string term) => Assert.That(Events.Match(text), Does.Contain(term));

    // Issue 24, item 5: events as people say them.
    [TestCase("this stuff wiped me out", "fatigue")]
    [TestCase("can't keep my eyes open at work", "fatigue")]
    [TestCase("my appetite is gone since I started", "decreased appetite")]
    [TestCase("up peeing all night on the new dose", "urinary disorder")]
    [TestCase("I feel like a zombie on it", "somnolence")]
    [TestCase("so much dizzyness this week", "dizziness")]
    [TestCase("feeling nausious after every pill", "nausea")]
    [TestCase("palpitatons every evening", "palpitations")]          // a misspelling no list holds: the one-typo step
    [TestCase("#nosleep again thanks to this med", "insomnia")]
    [TestCase("third month on it #hellohairloss", "alopecia")]
    [TestCase("anaphylaxis after the first dose", "anaphylaxis")]
    [TestCase("severe allergic reaction to the antibiotic", "hypersensitivity")]
    [TestCase("ended up in hospital with a blood clot", "thrombosis")]
    [TestCase("it stopped working after a month", "drug ineffective")]
    [TestCase("can't stop yawning", "yawning")]
    [TestCase("choc anaphylactique après la première injection", "anaphylaxis")]
    [TestCase("réaction allergique au nouveau générique", "hypersensitivity")]
    [TestCase("le médicament ne marche plus", "drug ineffective")]
    public void Colloquial_phrases_misspellings_hashtags_and_plain_medical_terms_name_their_event(string text, string term) =>
        Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("taking it every morning with breakfast")]   // "taking" is one letter from "waking"
    [TestCase("selling my old bike this weekend")]          // "selling" / "swelling"
    [TestCase("trying the new recipe tonight")]             // "trying" / "crying"
    public void An_ordinary_word_one_letter_from_an_event_word_names_no_event(string text) => Assert.That(Events.Match(text), Is.Empty);
}
