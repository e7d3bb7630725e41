using Signals.Matching;

namespace Signals.Tests.Matching;

/// <summary>
/// Events as people write them in posts (issue 24, item 5): hashtags and words run together, misspellings, stretched
/// words, phrases told of someone else, colloquial and severe-allergy wording, English and French — and the everyday
/// sentences in which none of that may find an event. The sentences are written for these tests.
/// </summary>
public sealed class EventPhrasingTests
{
    private static readonly EventMatcher Events = new(EventLexicon.Load(Path.Combine(TestPaths.RepoRoot, "config", "events.json")));

    [TestCase("three months on it and #hairloss everywhere", "alopecia")]
    [TestCase("week two #weightgain #notimpressed", "weight gain")]
    [TestCase("the hairloss started a month after the switch", "alopecia")]
    [TestCase("nouvelle boîte, nouveau #mauxdetete", "headache")]
    [TestCase("depuis le changement #pertedecheveux", "alopecia")]
    public void Hashtags_and_phrases_written_as_one_word_name_their_event(string text, string term) =>
        Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("these hedaches every afternoon since the new dose", "headache")]
    [TestCase("constant dizzyness when I stand up", "dizziness")]
    [TestCase("des vertigues tous les matins depuis le générique", "dizziness")]
    public void A_misspelled_event_word_names_its_event(string text, string term) =>
        Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("soooo tiiired on this stuff", "fatigue")]
    [TestCase("second pill and i'm wiredddd", "insomnia")]
    [TestCase("j'ai trop malll à la tête", "headache")]
    public void A_stretched_word_is_read_as_its_plain_spelling(string text, string term) =>
        Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("careful, that pill will knock you out", "somnolence")]
    [TestCase("the first week wiped him out", "fatigue")]
    [TestCase("it killed her appetite for a month", "decreased appetite")]
    [TestCase("it keeps knocking me out after lunch", "somnolence")]
    public void A_phrase_told_of_someone_else_or_with_another_verb_form_names_its_event(string text, string term) =>
        Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("this one puts me to sleep within the hour", "somnolence")]
    [TestCase("my brain is mush on the higher dose", "memory impairment")]
    [TestCase("the aftertaste in the morning is vile", "dysgeusia")]
    [TestCase("so wheezy since I started the new inhaler", "dyspnoea")]
    [TestCase("tried it for a month and no luck", "drug ineffective")]
    [TestCase("ça m'assomme tous les après-midi", "somnolence")]
    [TestCase("franchement ce traitement ne sert à rien", "drug ineffective")]
    [TestCase("il me coupe l'appétit complètement", "decreased appetite")]
    public void Colloquial_phrases_name_their_event(string text, string term) =>
        Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("my lips swelled up an hour after the first pill", "angioedema")]
    [TestCase("throat closing up, had to use my epi pen", "anaphylaxis")]
    [TestCase("hospitalised with Stevens-Johnson syndrome after the antibiotic", "severe skin reaction")]
    [TestCase("langue gonflée et lèvres gonflées après la prise", "angioedema")]
    [TestCase("elle a fait un syndrome de Lyell sous ce traitement", "severe skin reaction")]
    public void Severe_allergic_reactions_name_their_event(string text, string term) =>
        Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("Not great. My hair is falling out", "alopecia")]
    [TestCase("Pas de chance. Des vertiges tous les jours", "dizziness")]
    public void A_negation_does_not_reach_into_the_next_sentence(string text, string term) =>
        Assert.That(Events.Match(text), Does.Contain(term));

    [TestCase("no hair loss. so far so good")]
    [TestCase("pas de vertiges, tout va bien")]
    public void A_negation_in_the_same_sentence_still_negates(string text) => Assert.That(Events.Match(text), Is.Empty);

    [TestCase("soooo good to see you all tonight")]
    [TestCase("we knocked on your door at noon")]
    [TestCase("the hand-written card was lovely")]
    [TestCase("cold drinks on the terrace after the match")]
    [TestCase("the blue car parked outside is mine")]
    [TestCase("flu season article in the paper today")]
    [TestCase("she sells hot chocolate at the market")]
    [TestCase("the meeting ran late. see you tomorrow")]
    [TestCase("Le ciel est bleu ce matin, on part en balade")]
    [TestCase("on a bu un chocolat chaud au marché")]
    public void Everyday_sentences_name_no_event(string text) => Assert.That(Events.Match(text), Is.Empty);
}
