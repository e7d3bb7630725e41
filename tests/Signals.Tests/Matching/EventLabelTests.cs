using Signals.Matching;

namespace Signals.Tests.Matching;

/// <summary>Each standard event term of config/events.json has a French label, which French e-mails and pages show.</summary>
public sealed class EventLabelTests
{
    private static readonly EventLexicon Lexicon = EventLexicon.Load(Path.Combine(TestPaths.RepoRoot, "config", "events.json"));

    [Test]
    public void Every_event_term_has_a_french_label()
    {
        var missing = Lexicon.Events.Keys.Where(t => Lexicon.Labels is null || !Lexicon.Labels.TryGetValue(t, out var l) || !l.ContainsKey("fr"));
        Assert.That(missing, Is.Empty, "event terms without a \"labels\": {\"fr\": …} in config/events.json");
    }

    [Test]
    public void A_label_is_given_in_the_language_asked_and_the_term_otherwise()
    {
        Assert.That(Lexicon.Label("alopecia", "fr"), Is.EqualTo("chute de cheveux (alopécie)"));
        Assert.That(Lexicon.Label("alopecia", "en"), Is.EqualTo("alopecia"));
        Assert.That(Lexicon.Label("alopecia", "de"), Is.EqualTo("alopecia"));
        Assert.That(Lexicon.Label("no such term", "fr"), Is.EqualTo("no such term"));
    }
}
