using System.Text.Json;
using Signals.Feeds;

namespace Signals.Tests.Feeds;

public sealed class PostLanguageTests
{
    /// <summary>Patient-style French posts (written for this test: no labelled French corpus ships in ../shared).</summary>
    private static readonly string[] French =
    [
        "Depuis le nouveau Levothyrox je perds mes cheveux et j'ai des crampes la nuit",
        "Je suis épuisée depuis trois semaines, c'est la nouvelle formule ?",
        "Mon médecin ne me croit pas, pourtant j’ai des palpitations tous les soirs",
        "Vous prenez votre finastéride le matin à jeun ou le soir ?",
        "Le stylo d'insuline est bloqué, impossible de faire mon injection ce matin",
        "Ma mère a des vertiges et des maux de tête depuis le changement de boîte",
        "Pas d'effets secondaires pour moi, tout va bien avec l'Euthyrox",
        "On nous a changé la formule sans prévenir, c'est scandaleux",
        "Quelqu'un sait si on peut garder les comprimés au frigo en été ?",
        "J'ai arrêté le traitement il y a deux jours et les crampes ont disparu",
        "Insomnies, irritabilité, douleurs musculaires : est-ce que c'est le Levothyrox ?",
        "Ma pharmacienne m'a dit que la nouvelle formule était identique mais je ne suis pas convaincue",
        "Depuis que je prends ce médicament je dors très mal et je suis fatiguée",
        "Les nausées sont revenues avec la nouvelle boîte, je vais voir mon généraliste",
        "Bonjour, est-ce que quelqu'un a eu des problèmes de cheveux avec ce traitement ?",
        "Je fais des crises d'angoisse depuis le mois de juillet, jamais eu ça avant",
        "Il faut signaler les effets indésirables à l'ANSM, ça se fait en ligne",
        "Elle a pris du poids et elle a mal aux articulations depuis le changement",
        "Aucun souci avec mon traitement depuis dix ans, là c'est l'enfer",
        "Je n'en peux plus de cette fatigue, j'ai l'impression d'avoir cent ans",
    ];

    [Test]
    public void French_posts_are_guessed_french()
    {
        var guesses = French.Select(PostLanguage.Guess).ToList();
        Assert.That(guesses.Count(g => g == "fr"), Is.GreaterThanOrEqualTo(19), string.Join(", ", guesses));
        Assert.That(guesses, Has.None.EqualTo("en"));
    }

    [Test]
    public void English_patient_posts_from_cadec_are_guessed_english()
    {
        var texts = File.ReadLines(TestPaths.Shared("data/cadec/cadec-posts.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
            .Where(t => t.Split(' ').Length >= 8)
            .Take(500).ToList();
        var guesses = texts.Select(PostLanguage.Guess).ToList();
        var english = guesses.Count(g => g == "en") / (double)texts.Count;
        Assert.That(english, Is.GreaterThanOrEqualTo(0.97), $"{english:P1} of {texts.Count} guessed English");
        Assert.That(guesses, Has.None.EqualTo("fr"));
    }

    [Test]
    public void German_items_of_a_real_feed_are_guessed_german()
    {
        using var stream = File.OpenRead(TestPaths.Shared("data/feeds-rss-atom/encoding_ISO-8859-1.xml"));
        var posts = SyndicationParser.Parse(stream, new FeedDefinition { Name = "de", Type = "rss", Location = "https://example.org/de" }, DateTimeOffset.UnixEpoch).Posts;
        var guesses = posts.Where(p => p.Text.Split(' ').Length >= 8).Select(p => PostLanguage.Guess(p.Text)).ToList();
        Assert.That(guesses.Count(g => g == "de"), Is.GreaterThanOrEqualTo((int)(0.9 * guesses.Count)), string.Join(", ", guesses));
    }

    [TestCase("#levothyrox #thyroid", null)]
    [TestCase("Levothyrox 100 µg", null)]
    [TestCase("Эутирокс и выпадение волос", "ru")]
    [TestCase("Після нового препарату випадає волосся і я постійно втомлена", "uk")]
    [TestCase("أشعر بالتعب وتساقط الشعر منذ أن بدأت Levothyrox الجديد", "ar")]
    [TestCase("נשירת שיער ודפיקות לב מאז שהתחלתי Euthyrox", "he")]
    [TestCase("新しいチラーヂンを飲んでから髪が抜ける", "ja")]
    [TestCase("Desde que tomo el nuevo medicamento tengo mucho cansancio y no duermo", "es")]
    public void Guesses_by_script_and_declines_when_unsure(string text, string? expected) =>
        Assert.That(PostLanguage.Guess(text), Is.EqualTo(expected));

    [TestCase("en-US", "en")]
    [TestCase("fr_FR", "fr")]
    [TestCase(" FR ", "fr")]
    [TestCase("", null)]
    [TestCase("x-unknown-garbage!", null)]
    public void Source_tags_are_reduced_to_their_primary_subtag(string tag, string? expected) =>
        Assert.That(PostLanguage.Normalize(tag), Is.EqualTo(expected));

    [Test]
    public void The_source_tag_wins_over_the_guess()
    {
        var post = new Post("s", "1", null, null, DateTimeOffset.UnixEpoch, "en-GB", "Je suis épuisée depuis trois semaines et je perds mes cheveux");
        Assert.That(PostLanguage.Of(post), Is.EqualTo("en"));
        Assert.That(PostLanguage.Of(post with { Language = null }), Is.EqualTo("fr"));
    }
}
